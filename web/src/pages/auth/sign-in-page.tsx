import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { resendVerification, signIn } from '../../api/auth-api.ts';
import { identityKeys } from '../../api/identity-keys.ts';
import { problemCode } from '../../api/problem-field.ts';
import { safeReturnPath } from '../../app/safe-return-path.ts';
import { AuthCard } from '../../components/auth-card.tsx';
import { enteredCode, OneTimeCodeField } from '../../components/one-time-code-field.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SuccessNote } from '../../components/success-note.tsx';
import { TextField } from '../../components/text-field.tsx';
import { ProviderButtons } from './provider-buttons.tsx';
import { ProviderSecondFactor } from './provider-second-factor.tsx';
import { providerErrorMessage } from './sign-in-errors.ts';

type SecondFactor = 'totp' | 'recovery';

export function SignInPage() {
  const [params] = useSearchParams();
  const returnTo = safeReturnPath(params.get('returnTo'));
  if (params.get('step') === 'two-factor') return <ProviderSecondFactor returnTo={returnTo} />;
  return <PasswordSignIn returnTo={returnTo} />;
}

function PasswordSignIn({ returnTo }: { returnTo: string }) {
  const [params] = useSearchParams();
  const providerError = params.get('error');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [secondFactor, setSecondFactor] = useState<SecondFactor | null>(null);
  const [code, setCode] = useState('');
  const codeInput = useRef<HTMLInputElement>(null);

  const attempt = useMutation({
    mutationFn: signIn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: identityKeys.me });
      await queryClient.invalidateQueries({ queryKey: identityKeys.myProfile });
      navigate(returnTo, { replace: true });
    },
    onError: (error) => {
      if (problemCode(error) === 'two_factor_required') setSecondFactor((current) => current ?? 'totp');
    },
  });
  const resend = useMutation({ mutationFn: resendVerification });
  const failure = problemCode(attempt.error);

  useEffect(() => {
    if (secondFactor) codeInput.current?.focus();
  }, [secondFactor]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entered = enteredCode(code);
    attempt.mutate({
      login: login.trim(),
      password,
      ...(secondFactor === 'totp' && entered ? { totp: entered } : {}),
      ...(secondFactor === 'recovery' && entered ? { recoveryCode: entered } : {}),
    });
  };

  const switchFactor = () => {
    setSecondFactor((current) => (current === 'recovery' ? 'totp' : 'recovery'));
    setCode('');
    attempt.reset();
  };

  return (
    <AuthCard
      title={secondFactor ? 'Two-step verification' : 'Sign in to Veza'}
      lead={
        secondFactor === 'totp'
          ? 'Enter the 6-digit code from your authenticator app.'
          : secondFactor === 'recovery'
            ? 'Enter one of the recovery codes you saved when you turned on two-step verification.'
            : 'Welcome back.'
      }
      footer={
        <>
          New to Veza? <Link to="/sign-up">Create an account</Link>
        </>
      }
    >
      {providerError && !attempt.error && (
        <p className="alert" role="alert">
          {providerErrorMessage(providerError)}
        </p>
      )}
      <form className="form" onSubmit={submit}>
        {!secondFactor && (
          <div className="stack">
            <TextField
              label="Email or username"
              name="login"
              autoComplete="username"
              required
              value={login}
              onChange={(event) => setLogin(event.target.value)}
            />
            <PasswordField
              label="Password"
              purpose="current"
              name="password"
              value={password}
              onValueChange={setPassword}
            />
            <p className="form-aside">
              <Link to="/forgot-password">Forgot your password?</Link>
            </p>
          </div>
        )}
        {secondFactor && (
          <OneTimeCodeField
            ref={codeInput}
            key={secondFactor}
            recovery={secondFactor === 'recovery'}
            name={secondFactor === 'totp' ? 'totp' : 'recoveryCode'}
            value={code}
            onValueChange={setCode}
          />
        )}
        {failure !== 'two_factor_required' && <ProblemAlert error={attempt.error} />}
        {failure === 'email_unverified' && login.includes('@') && (
          <div className="stack">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => resend.mutate(login.trim())}
              disabled={resend.isPending}
            >
              Send a new verification link
            </button>
            {resend.isSuccess && <SuccessNote>A new link is on its way to {login.trim()}.</SuccessNote>}
          </div>
        )}
        <button type="submit" className="button button-block" disabled={attempt.isPending}>
          {attempt.isPending ? 'Signing in…' : secondFactor ? 'Verify' : 'Sign in'}
        </button>
        {secondFactor && (
          <div className="form-aside form-aside-split">
            <button type="button" className="link-button" onClick={switchFactor}>
              {secondFactor === 'totp' ? 'Use a recovery code instead' : 'Use your authenticator app'}
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setSecondFactor(null);
                setCode('');
                attempt.reset();
              }}
            >
              Back
            </button>
          </div>
        )}
      </form>
      {!secondFactor && <ProviderButtons returnTo={returnTo} />}
    </AuthCard>
  );
}
