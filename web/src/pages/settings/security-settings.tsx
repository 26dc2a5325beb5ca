import { useSearchParams } from 'react-router';
import { providerErrorMessage } from '../auth/sign-in-errors.ts';
import { EmailPanel } from './email-panel.tsx';
import { PasswordPanel } from './password-panel.tsx';
import { PhonePanel } from './phone-panel.tsx';
import { ProvidersPanel } from './providers-panel.tsx';
import { SessionsPanel } from './sessions-panel.tsx';
import { useSettingsAccount } from './settings-page.tsx';
import { TwoFactorPanel } from './two-factor-panel.tsx';

export function SecuritySettings() {
  const me = useSettingsAccount();
  // A provider link flow that failed comes back here with ?error=<code>.
  const [params] = useSearchParams();
  const linkError = params.get('error');
  return (
    <div className="settings-stack">
      <title>Security settings · Veza</title>
      {linkError && (
        <p className="alert" role="alert">
          {providerErrorMessage(linkError)}
        </p>
      )}
      <TwoFactorPanel me={me} />
      <SessionsPanel />
      {me.hasPassword && <PasswordPanel />}
      <EmailPanel me={me} />
      <PhonePanel me={me} />
      <ProvidersPanel me={me} />
    </div>
  );
}
