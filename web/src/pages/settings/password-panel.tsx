import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { changePassword } from '../../api/account-api.ts';
import { PasswordField } from '../../components/password-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SuccessNote } from '../../components/success-note.tsx';
import { SettingsPanel } from './settings-panel.tsx';

export function PasswordPanel() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: () => {
      setCurrent('');
      setNext('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <SettingsPanel title="Password" description="Changing it signs out every other session.">
      <form className="form form-narrow" onSubmit={submit}>
        <PasswordField
          label="Current password"
          purpose="current"
          value={current}
          onValueChange={setCurrent}
        />
        <PasswordField label="New password" purpose="new" value={next} onValueChange={setNext} />
        <ProblemAlert error={change.error} />
        {change.isSuccess && <SuccessNote>Password changed. Other sessions were signed out.</SuccessNote>}
        <div className="button-row">
          <button type="submit" className="button" disabled={change.isPending}>
            Change password
          </button>
        </div>
      </form>
    </SettingsPanel>
  );
}
