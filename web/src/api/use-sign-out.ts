import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from './api-error.ts';
import { signOut } from './auth-api.ts';
import { identityKeys, isAccountQuery } from './identity-keys.ts';

/** Signs out and forgets every cached answer that belonged to the account. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await signOut();
      } catch (error) {
        // Already signed out (session revoked or expired): the goal is reached.
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
    onSuccess: () => {
      queryClient.setQueryData(identityKeys.me, null);
      queryClient.removeQueries({ predicate: (query) => isAccountQuery(query.queryKey) });
    },
  });
}
