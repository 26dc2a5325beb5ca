import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { changeEmail } from '../../api/account-api.ts';
import type { Me } from '../../api/identity-types.ts';
import { EmailField } from '../../components/email-field.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SuccessNote } from '../../components/success-note.tsx';
import { SettingsPanel } from './settings-panel.tsx';

export function EmailPanel({ me }: { me: Me }) {
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const change = useMutation({
    mutationFn: () => changeEmail(password, newEmail.trim()),
    onSuccess: () => setPassword(''),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <SettingsPanel
      title="Email address"
      description={
        <>
          Currently <strong>{me.email}</strong>
          {me.emailVerified ? '' : ' (not verified yet)'}. The change takes effect once you open the link we
          send to the new address.
        </>
      }
    >
      <form className="form form-narrow" onSubmit={submit}>
        <EmailField label="New email" value={newEmail} onValueChange={setNewEmail} />
        {me.hasPassword && (
          <PasswordField
            label="Your password"
            purpose="current"
            value={password}
            onValueChange={setPassword}
          />
        )}
        <ProblemAlert error={change.error} />
        {change.isSuccess && <SuccessNote>Check {newEmail.trim()} for a confirmation link.</SuccessNote>}
        <div className="button-row">
          <button type="submit" className="button" disabled={change.isPending}>
            Change email
          </button>
        </div>
      </form>
    </SettingsPanel>
  );
}
