import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { deleteAccount, downloadExport } from '../../api/account-api.ts';
import { identityKeys, isAccountQuery } from '../../api/identity-keys.ts';
import { enteredCode, OneTimeCodeField } from '../../components/one-time-code-field.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { TextField } from '../../components/text-field.tsx';
import { useSettingsAccount } from './settings-page.tsx';
import { SettingsPanel } from './settings-panel.tsx';

function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function ExportPanel() {
  const exporting = useMutation({
    mutationFn: downloadExport,
    onSuccess: ({ blob, fileName }) => saveBlob(blob, fileName),
  });
  return (
    <SettingsPanel
      title="Download your data"
      description="A JSON archive of everything Veza holds about you: account, profile, sessions and activity."
    >
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => exporting.mutate()}
          disabled={exporting.isPending}
        >
          {exporting.isPending ? 'Preparing…' : 'Download archive'}
        </button>
      </div>
      <ProblemAlert error={exporting.error} />
    </SettingsPanel>
  );
}

function DeletePanel() {
  const me = useSettingsAccount();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirmation, setConfirmation] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const remove = useMutation({
    mutationFn: () =>
      deleteAccount({
        ...(me.hasPassword ? { password } : {}),
        ...(me.twoFactorEnabled ? { totp: enteredCode(totp) } : {}),
      }),
    onSuccess: () => {
      queryClient.setQueryData(identityKeys.me, null);
      queryClient.removeQueries({ predicate: (query) => isAccountQuery(query.queryKey) });
      navigate('/', { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate();
  };
  const confirmed = confirmation.trim() === me.username;
  return (
    <SettingsPanel
      title="Delete account"
      tone="danger"
      description="Your account, profile and everything you published are removed. This cannot be undone."
    >
      <form className="form form-narrow" onSubmit={submit}>
        <TextField
          label={`Type your username (${me.username}) to confirm`}
          autoComplete="off"
          required
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
        />
        {me.hasPassword && (
          <PasswordField label="Password" purpose="current" value={password} onValueChange={setPassword} />
        )}
        {me.twoFactorEnabled && <OneTimeCodeField value={totp} onValueChange={setTotp} />}
        <ProblemAlert error={remove.error} />
        <div className="button-row">
          <button type="submit" className="button button-danger" disabled={!confirmed || remove.isPending}>
            {remove.isPending ? 'Deleting…' : 'Delete my account'}
          </button>
        </div>
      </form>
    </SettingsPanel>
  );
}

export function AccountSettings() {
  return (
    <div className="settings-stack">
      <title>Data and account · Veza</title>
      <ExportPanel />
      <DeletePanel />
    </div>
  );
}
