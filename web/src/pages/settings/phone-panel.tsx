import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { removePhone, setPhone } from '../../api/account-api.ts';
import { identityKeys } from '../../api/identity-keys.ts';
import type { Me } from '../../api/identity-types.ts';
import { PasswordField } from '../../components/password-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SetPasswordHint } from '../../components/set-password-hint.tsx';
import { TextField } from '../../components/text-field.tsx';
import { SettingsPanel } from './settings-panel.tsx';

/** The number security alerts go to by SMS (international format); setting it needs the password. */
export function PhonePanel({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [phone, setPhoneInput] = useState('');
  const [password, setPassword] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: identityKeys.me });
  const save = useMutation({
    mutationFn: () => setPhone(phone.replace(/[\s().-]/g, ''), password),
    onSuccess: async () => {
      setPhoneInput('');
      setPassword('');
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: removePhone, onSuccess: refresh });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <SettingsPanel
      title="Phone for security alerts"
      description={
        me.phone ? (
          <>
            Alerts go to <strong>{me.phone}</strong>.
          </>
        ) : (
          'Get a text message when someone signs in to your account or changes its security settings.'
        )
      }
    >
      {me.phone && (
        <div className="button-row">
          <button
            type="button"
            className="button button-ghost"
            onClick={() => remove.mutate()}
            disabled={remove.isPending}
          >
            Remove number
          </button>
        </div>
      )}
      {me.hasPassword ? (
        <form className="form form-narrow" onSubmit={submit}>
          <TextField
            label={me.phone ? 'New phone number' : 'Phone number'}
            type="tel"
            autoComplete="tel"
            placeholder="+33 6 12 34 56 78"
            hint="International format, starting with + and the country code."
            required
            value={phone}
            onChange={(event) => setPhoneInput(event.target.value)}
          />
          <PasswordField
            label="Your password"
            purpose="current"
            value={password}
            onValueChange={setPassword}
          />
          <ProblemAlert error={save.error ?? remove.error} />
          <div className="button-row">
            <button type="submit" className="button" disabled={save.isPending}>
              Save number
            </button>
          </div>
        </form>
      ) : (
        <SetPasswordHint why="changing the number needs it." />
      )}
    </SettingsPanel>
  );
}
