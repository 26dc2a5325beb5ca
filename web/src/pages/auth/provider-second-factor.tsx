import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { finishProviderSignIn } from '../../api/auth-api.ts';
import { identityKeys } from '../../api/identity-keys.ts';
import { AuthCard } from '../../components/auth-card.tsx';
import { enteredCode, OneTimeCodeField } from '../../components/one-time-code-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';

/**
 * The second step of a provider sign-in for an account with two-step verification: the callback held
 * the sign-in and sent the browser to `/sign-in?step=two-factor`.
 */
export function ProviderSecondFactor({ returnTo }: { returnTo: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const finish = useMutation({
    mutationFn: finishProviderSignIn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: identityKeys.me });
      navigate(returnTo, { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entered = enteredCode(code);
    finish.mutate(recovery ? { recoveryCode: entered } : { totp: entered });
  };
  return (
    <AuthCard
      title="Two-step verification"
      lead={
        recovery
          ? 'Enter one of your recovery codes to finish signing in.'
          : 'Enter the 6-digit code from your authenticator app to finish signing in.'
      }
      footer={<Link to="/sign-in">Start again</Link>}
    >
      <form className="form" onSubmit={submit}>
        <OneTimeCodeField
          key={recovery ? 'recovery' : 'totp'}
          recovery={recovery}
          autoFocus
          value={code}
          onValueChange={setCode}
        />
        <ProblemAlert error={finish.error} />
        <button type="submit" className="button button-block" disabled={finish.isPending}>
          Verify
        </button>
        <p className="form-aside">
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setRecovery((value) => !value);
              setCode('');
              finish.reset();
            }}
          >
            {recovery ? 'Use your authenticator app' : 'Use a recovery code instead'}
          </button>
        </p>
      </form>
    </AuthCard>
  );
}
