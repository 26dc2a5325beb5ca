import { useQuery } from '@tanstack/react-query';
import { identityKeys } from './identity-keys.ts';
import { fetchMyProfile } from './profile-api.ts';

/** The signed-in account's own profile (display name, avatar, everything it may edit). */
export function useMyProfile(enabled = true) {
  return useQuery({ queryKey: identityKeys.myProfile, queryFn: fetchMyProfile, enabled });
}
