import { EmailPanel } from './email-panel.tsx';
import { PasswordPanel } from './password-panel.tsx';
import { ProvidersPanel } from './providers-panel.tsx';
import { SessionsPanel } from './sessions-panel.tsx';
import { useSettingsAccount } from './settings-page.tsx';
import { TwoFactorPanel } from './two-factor-panel.tsx';

export function SecuritySettings() {
  const me = useSettingsAccount();
  return (
    <div className="settings-stack">
      <title>Security settings · Veza</title>
      <TwoFactorPanel me={me} />
      <SessionsPanel />
      {me.hasPassword && <PasswordPanel />}
      <EmailPanel me={me} />
      <ProvidersPanel me={me} />
    </div>
  );
}
