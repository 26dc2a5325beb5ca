import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { disableTwoFactor, renewRecoveryCodes } from '../../api/account-api.ts';
import { identityKeys } from '../../api/identity-keys.ts';
import { enteredCode, OneTimeCodeField } from '../../components/one-time-code-field.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { RecoveryCodes } from './recovery-codes.tsx';

/** With two-step verification on: new recovery codes, or turning it off (password and a current code). */
export function TwoFactorManage() {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const disable = useMutation({
    mutationFn: () => disableTwoFactor(password, enteredCode(code)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: identityKeys.me }),
  });
  const renew = useMutation({
    mutationFn: () => renewRecoveryCodes(password, enteredCode(code)),
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
        <PasswordField label="Password" purpose="current" value={password} onValueChange={setPassword} />
        <OneTimeCodeField value={code} onValueChange={setCode} />
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
