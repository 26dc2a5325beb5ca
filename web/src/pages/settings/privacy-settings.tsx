import { useMutation, useQueryClient } from '@tanstack/react-query';
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
  const toggle = useMutation({
    mutationFn: (makePrivate: boolean) => updateMyProfile({ private: makePrivate }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: identityKeys.myProfile });
      await queryClient.invalidateQueries({ queryKey: identityKeys.profile(me.username) });
    },
  });
  const isPrivate = toggle.isPending ? toggle.variables : Boolean(profile.data?.private);

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
            onChange={(event) => toggle.mutate(event.target.checked)}
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
