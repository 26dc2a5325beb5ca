import { useQuery } from '@tanstack/react-query';
import { identityKeys } from './identity-keys.ts';
import { fetchMyProfile } from './profile-api.ts';
import { useMe } from './use-me.ts';

/** The signed-in account's own profile (display name, avatar, everything it may edit); idle for visitors. */
export function useMyProfile() {
  const me = useMe();
  return useQuery({ queryKey: identityKeys.myProfile, queryFn: fetchMyProfile, enabled: Boolean(me.data) });
}
