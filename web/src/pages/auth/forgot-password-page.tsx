import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { requestPasswordReset } from '../../api/auth-api.ts';
import { AuthCard } from '../../components/auth-card.tsx';
import { EmailField } from '../../components/email-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const request = useMutation({ mutationFn: requestPasswordReset });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate(email.trim());
  };

  if (request.isSuccess)
    return (
      <AuthCard
        title="Check your inbox"
        lead={
          <>
            If <strong>{email.trim()}</strong> belongs to a Veza account, we sent it a link to choose a new
            password.
          </>
        }
        footer={<Link to="/sign-in">Back to sign in</Link>}
      >
        <p className="muted">The link works once and expires soon. Nothing changes until you use it.</p>
      </AuthCard>
    );

  return (
    <AuthCard
      title="Reset your password"
      lead="Enter the email address of your account and we will send you a link to choose a new password."
      footer={<Link to="/sign-in">Back to sign in</Link>}
    >
      <form className="form" onSubmit={submit}>
        <EmailField value={email} onValueChange={setEmail} />
        <ProblemAlert error={request.error} />
        <button type="submit" className="button button-block" disabled={request.isPending}>
          {request.isPending ? 'Sending…' : 'Send reset link'}
        </button>
      </form>
    </AuthCard>
  );
}
