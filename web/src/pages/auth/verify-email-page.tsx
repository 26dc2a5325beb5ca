import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { resendVerification, verifyEmail } from '../../api/auth-api.ts';
import { problemCode } from '../../api/problem-field.ts';
import { useMe } from '../../api/use-me.ts';
import { AuthCard } from '../../components/auth-card.tsx';
import { EmailField } from '../../components/email-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SuccessNote } from '../../components/success-note.tsx';

/** Asks for a fresh link after an expired or invalid one. */
function ResendForm() {
  const [email, setEmail] = useState('');
  const resend = useMutation({ mutationFn: resendVerification });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    resend.mutate(email.trim());
  };
  return (
    <form className="form" onSubmit={submit}>
      <EmailField value={email} onValueChange={setEmail} />
      <ProblemAlert error={resend.error} />
      {resend.isSuccess && (
        <SuccessNote>If that address needs verifying, a new link is on its way.</SuccessNote>
      )}
      <button type="submit" className="button button-block" disabled={resend.isPending}>
        Send a new link
      </button>
    </form>
  );
}

/** The page an emailed link opens: it confirms the token once, then says what happened. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const me = useMe();
  const verify = useMutation({ mutationFn: verifyEmail });
  const sent = useRef<string | null>(null);

  useEffect(() => {
    // Once per token: StrictMode runs effects twice, and a link works only once.
    if (!token || sent.current === token) return;
    sent.current = token;
    verify.mutate(token);
  }, [token, verify.mutate]);

  if (!token)
    return (
      <AuthCard
        title="Verification link incomplete"
        lead="This link has no token. Copy the whole link from the email."
      >
        <ResendForm />
      </AuthCard>
    );

  if (verify.isSuccess) {
    const emailChange = verify.data.purpose === 'change-email';
    return (
      <AuthCard
        title="Email verified"
        lead={
          emailChange && me.data
            ? 'Your new email address is confirmed.'
            : 'Thanks! Your address is confirmed and your account is ready.'
        }
      >
        <div data-testid="email-verified" className="stack">
          {me.data ? (
            <Link className="button button-block" to="/settings">
              Back to settings
            </Link>
          ) : (
            <Link className="button button-block" to="/sign-in">
              Sign in
            </Link>
          )}
        </div>
      </AuthCard>
    );
  }

  if (verify.isError) {
    const expired = problemCode(verify.error) === 'link_expired';
    return (
      <AuthCard
        title={expired ? 'This link has expired' : 'This link does not work'}
        lead="Ask for a new one: it will be valid for a while, and only the newest link works."
      >
        <ProblemAlert error={verify.error} />
        <ResendForm />
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Verifying your email" lead="One moment…">
      <p className="muted" role="status">
        Checking your link…
      </p>
    </AuthCard>
  );
}
