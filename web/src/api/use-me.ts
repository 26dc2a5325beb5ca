import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { fetchMe } from './account-api.ts';
import { ApiError } from './api-error.ts';
import { readCsrfToken } from './csrf-cookie.ts';
import { identityKeys, isAccountQuery } from './identity-keys.ts';
import type { Me } from './identity-types.ts';
import { onSessionEnded } from './session-events.ts';

/**
 * The signed-in account, or null for a visitor (a 401 is an answer here, not a failure). Without the
 * session's CSRF cookie there is no cookie session to ask about, so a visitor costs no request.
 */
async function fetchMeOrNull(): Promise<Me | null> {
  if (readCsrfToken() === undefined) return null;
  try {
    return await fetchMe();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: identityKeys.me, queryFn: fetchMeOrNull, staleTime: 60_000 });
}

export function hasPermission(me: Me | null | undefined, permission: string): boolean {
  return Boolean(me?.permissions.includes(permission));
}

/** Drops everything user-specific when the session ends behind the app's back (revoked elsewhere). */
export function useSessionEndedReset(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onSessionEnded(() => {
        queryClient.setQueryData(identityKeys.me, null);
        queryClient.removeQueries({ predicate: (query) => isAccountQuery(query.queryKey) });
      }),
    [queryClient],
  );
}
