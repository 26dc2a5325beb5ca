import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { resendVerification, signUp } from '../../api/auth-api.ts';
import { problemField } from '../../api/problem-field.ts';
import { AuthCard } from '../../components/auth-card.tsx';
import { EmailField } from '../../components/email-field.tsx';
import { PASSWORD_MIN, PasswordField } from '../../components/password-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SuccessNote } from '../../components/success-note.tsx';
import { TextField } from '../../components/text-field.tsx';

export function SignUpPage() {
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const create = useMutation({ mutationFn: signUp });
  const resend = useMutation({ mutationFn: resendVerification });
  const invalid = problemField(create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ email: email.trim(), username: username.trim(), password });
  };

  if (create.isSuccess)
    return (
      <AuthCard
        title="Check your inbox"
        lead={
          <>
            We sent a link to <strong>{email.trim()}</strong>. Open it to verify your address, then sign in.
          </>
        }
        footer={<Link to="/sign-in">Go to sign in</Link>}
      >
        <div data-testid="sign-up-done" className="stack">
          <p className="muted">No email after a few minutes? Check your spam folder, or send it again.</p>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => resend.mutate(email.trim())}
            disabled={resend.isPending}
          >
            {resend.isPending ? 'Sending…' : 'Send the link again'}
          </button>
          {resend.isSuccess && (
            <SuccessNote>If the address needs verifying, a new link is on its way.</SuccessNote>
          )}
          <ProblemAlert error={resend.error} />
        </div>
      </AuthCard>
    );

  return (
    <AuthCard
      title="Create your account"
      lead="Publish, stream, talk and trade music with the Veza community."
      footer={
        <>
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </>
      }
    >
      <form className="form" onSubmit={submit}>
        <EmailField
          name="email"
          value={email}
          onValueChange={setEmail}
          aria-invalid={invalid === 'email' || undefined}
        />
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          required
          minLength={3}
          maxLength={30}
          pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{1,28}[A-Za-z0-9_]"
          hint="3 to 30 letters, digits, dots, dashes or underscores. Your profile lives at /u/username."
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          aria-invalid={invalid === 'username' || undefined}
        />
        <PasswordField
          label="Password"
          purpose="new"
          name="password"
          hint={`At least ${PASSWORD_MIN} characters. A few unrelated words make a strong, memorable password.`}
          value={password}
          onValueChange={setPassword}
          aria-invalid={invalid === 'password' || undefined}
        />
        <ProblemAlert error={create.error} />
        <button type="submit" className="button button-block" disabled={create.isPending}>
          {create.isPending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthCard>
  );
}
