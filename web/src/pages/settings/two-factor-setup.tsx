import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { enableTwoFactor, setUpTwoFactor } from '../../api/account-api.ts';
import { identityKeys } from '../../api/identity-keys.ts';
import { enteredCode, OneTimeCodeField } from '../../components/one-time-code-field.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { QrCode } from '../../components/qr-code.tsx';
import { RecoveryCodes } from './recovery-codes.tsx';

/** Groups a base32 secret in fours so it can be typed into an app by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/** Turning two-step verification on: password → QR code and secret → first code → recovery codes. */
export function TwoFactorSetup({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const setup = useMutation({ mutationFn: () => setUpTwoFactor(password) });
  const enable = useMutation({
    mutationFn: () => enableTwoFactor(enteredCode(code)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: identityKeys.me }),
  });

  if (enable.isSuccess)
    return (
      <div className="stack">
        <p className="notice" role="status">
          Two-step verification is on.
        </p>
        <RecoveryCodes codes={enable.data.recoveryCodes} />
        <div className="button-row">
          <button type="button" className="button" onClick={onClose}>
            I saved my recovery codes
          </button>
        </div>
      </div>
    );

  if (setup.isSuccess)
    return (
      <SetupStep className="form two-factor-setup" action="Turn on" step={enable} onCancel={onClose}>
        <ol className="steps">
          <li>
            <p>Scan this code with an authenticator app (1Password, Aegis, Google Authenticator…).</p>
            <QrCode text={setup.data.otpauthUrl} label="QR code for your authenticator app" />
            <p className="field-hint">Can't scan it? Enter this key instead:</p>
            <p className="secret">
              <code data-testid="totp-secret" data-secret={setup.data.secret}>
                {grouped(setup.data.secret)}
              </code>
            </p>
          </li>
          <li>
            <OneTimeCodeField
              label="Enter the 6-digit code the app shows"
              name="code"
              pattern="[0-9 ]{6,7}"
              value={code}
              onValueChange={setCode}
            />
          </li>
        </ol>
      </SetupStep>
    );

  return (
    <SetupStep className="form form-narrow" action="Continue" step={setup} onCancel={onClose}>
      <PasswordField
        label="Confirm your password"
        purpose="current"
        value={password}
        onValueChange={setPassword}
      />
    </SetupStep>
  );
}

/** A step of the setup: its fields, what went wrong, and its action (the step's call) next to Cancel. */
function SetupStep({
  className,
  action,
  step,
  onCancel,
  children,
}: {
  className: string;
  action: string;
  step: { mutate: () => void; isPending: boolean; error: Error | null };
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className={className}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        step.mutate();
      }}
    >
      {children}
      <ProblemAlert error={step.error} />
      <div className="button-row">
        <button type="submit" className="button" disabled={step.isPending}>
          {action}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
