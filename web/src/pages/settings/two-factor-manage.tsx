import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { disableTwoFactor, renewRecoveryCodes } from '../../api/account-api.ts';
import { identityKeys } from '../../api/identity-keys.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { TextField } from '../../components/text-field.tsx';
import { RecoveryCodes } from './recovery-codes.tsx';

/** With two-step verification on: new recovery codes, or turning it off (password and a current code). */
export function TwoFactorManage() {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const entered = () => code.replace(/\s+/g, '');
  const disable = useMutation({
    mutationFn: () => disableTwoFactor(password, entered()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: identityKeys.me }),
  });
  const renew = useMutation({
    mutationFn: () => renewRecoveryCodes(password, entered()),
    onSuccess: () => {
      setCode('');
      setPassword('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const action = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value');
    if (action === 'renew') renew.mutate();
    else disable.mutate();
  };

  return (
    <div className="stack">
      {renew.isSuccess && <RecoveryCodes codes={renew.data.recoveryCodes} />}
      <form className="form form-narrow" onSubmit={submit}>
        <p className="muted">To change anything, confirm your password and a current code from your app.</p>
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <TextField
          label="Authentication code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
        <ProblemAlert error={disable.error ?? renew.error} />
        <div className="button-row">
          <button type="submit" name="action" value="renew" className="button button-secondary">
            New recovery codes
          </button>
          <button type="submit" name="action" value="disable" className="button button-danger">
            Turn off two-step verification
          </button>
        </div>
      </form>
    </div>
  );
}
