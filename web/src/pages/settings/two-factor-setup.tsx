import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { enableTwoFactor, setUpTwoFactor } from '../../api/account-api.ts';
import { identityKeys } from '../../api/identity-keys.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { QrCode } from '../../components/qr-code.tsx';
import { TextField } from '../../components/text-field.tsx';
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
    mutationFn: () => enableTwoFactor(code.replace(/\s+/g, '')),
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
      <form
        className="form two-factor-setup"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          enable.mutate();
        }}
      >
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
            <TextField
              label="Enter the 6-digit code the app shows"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              required
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          </li>
        </ol>
        <ProblemAlert error={enable.error} />
        <div className="button-row">
          <button type="submit" className="button" disabled={enable.isPending}>
            Turn on
          </button>
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    );

  return (
    <form
      className="form form-narrow"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        setup.mutate();
      }}
    >
      <TextField
        label="Confirm your password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <ProblemAlert error={setup.error} />
      <div className="button-row">
        <button type="submit" className="button" disabled={setup.isPending}>
          Continue
        </button>
        <button type="button" className="button button-ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
