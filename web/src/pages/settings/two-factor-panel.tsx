import { useState } from 'react';
import type { Me } from '../../api/identity-types.ts';
import { SetPasswordHint } from '../../components/set-password-hint.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { SettingsPanel } from './settings-panel.tsx';
import { TwoFactorManage } from './two-factor-manage.tsx';
import { TwoFactorSetup } from './two-factor-setup.tsx';

export function TwoFactorPanel({ me }: { me: Me }) {
  const [settingUp, setSettingUp] = useState(false);
  const enabled = me.twoFactorEnabled;
  return (
    <SettingsPanel
      title="Two-step verification"
      description="Sign-in asks for a code from an authenticator app on your phone as well as your password."
      testId="two-factor-panel"
    >
      <div className="panel-status">
        <StatusBadge
          state={enabled ? 'ok' : 'pending'}
          label={enabled ? 'on' : 'off'}
          testId="two-factor-status"
        />
      </div>
      {settingUp ? (
        <TwoFactorSetup onClose={() => setSettingUp(false)} />
      ) : enabled ? (
        <TwoFactorManage />
      ) : me.hasPassword ? (
        <button type="button" className="button" onClick={() => setSettingUp(true)}>
          Set up two-step verification
        </button>
      ) : (
        <SetPasswordHint why="two-step verification protects password sign-in." />
      )}
    </SettingsPanel>
  );
}
