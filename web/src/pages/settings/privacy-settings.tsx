import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { identityKeys } from '../../api/identity-keys.ts';
import { updateMyProfile } from '../../api/profile-api.ts';
import { useMyProfile } from '../../api/use-my-profile.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { ApprovedViewers } from './approved-viewers.tsx';
import { useSettingsAccount } from './settings-page.tsx';
import { SettingsPanel } from './settings-panel.tsx';

export function PrivacySettings() {
  const me = useSettingsAccount();
  const queryClient = useQueryClient();
  const profile = useMyProfile();
  // The switch shows the requested state at once, and the server's once the profile is reloaded.
  const [requested, setRequested] = useState<boolean>();
  const toggle = useMutation({
    mutationFn: (makePrivate: boolean) => updateMyProfile({ private: makePrivate }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: identityKeys.myProfile });
      await queryClient.invalidateQueries({ queryKey: identityKeys.profile(me.username) });
      setRequested(undefined);
    },
  });
  const isPrivate = requested ?? Boolean(profile.data?.private);
  const change = (makePrivate: boolean) => {
    setRequested(makePrivate);
    toggle.mutate(makePrivate);
  };

  return (
    <div className="settings-stack">
      <title>Privacy settings · Veza</title>
      <SettingsPanel
        title="Private profile"
        description="A private profile shows only your name and avatar to people you have not approved, and is left out of search."
      >
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            aria-checked={isPrivate}
            checked={isPrivate}
            disabled={!profile.data || toggle.isPending}
            onChange={(event) => change(event.target.checked)}
          />
          <span className="switch-track" aria-hidden="true" />
          <span>Make my profile private</span>
        </label>
        <ProblemAlert error={profile.error ?? toggle.error} />
      </SettingsPanel>
      <SettingsPanel
        title="Approved viewers"
        description={
          isPrivate
            ? 'These people see your full profile.'
            : 'While your profile is public everyone sees it; approvals apply once you make it private.'
        }
      >
        <ApprovedViewers />
      </SettingsPanel>
    </div>
  );
}
