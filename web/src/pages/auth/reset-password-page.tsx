import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { confirmPasswordReset } from '../../api/auth-api.ts';
import { problemCode } from '../../api/problem-field.ts';
import { AuthCard } from '../../components/auth-card.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { TextField } from '../../components/text-field.tsx';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const reset = useMutation({ mutationFn: (next: string) => confirmPasswordReset(token, next) });
  const linkBroken = ['link_expired', 'link_invalid'].includes(problemCode(reset.error) ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirmation) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    reset.mutate(password);
  };

  if (!token)
    return (
      <AuthCard
        title="Reset link incomplete"
        lead="This link has no token. Copy the whole link from the email, or ask for a new one."
      >
        <Link className="button button-block" to="/forgot-password">
          Ask for a new link
        </Link>
      </AuthCard>
    );

  if (reset.isSuccess)
    return (
      <AuthCard title="Password changed" lead="Every session was signed out. Sign in with your new password.">
        <Link className="button button-block" to="/sign-in">
          Sign in
        </Link>
      </AuthCard>
    );

  return (
    <AuthCard title="Choose a new password" lead="You will be signed out everywhere once it is changed.">
      <form className="form" onSubmit={submit}>
        <PasswordField label="New password" purpose="new" value={password} onValueChange={setPassword} />
        <TextField
          label="Repeat the new password"
          type="password"
          autoComplete="new-password"
          required
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          aria-invalid={mismatch || undefined}
        />
        {mismatch && (
          <p className="alert" role="alert">
            The two passwords are different.
          </p>
        )}
        <ProblemAlert error={reset.error} />
        {linkBroken && (
          <p className="form-aside">
            <Link to="/forgot-password">Ask for a new reset link</Link>
          </p>
        )}
        <button type="submit" className="button button-block" disabled={reset.isPending}>
          {reset.isPending ? 'Saving…' : 'Change password'}
        </button>
      </form>
    </AuthCard>
  );
}
