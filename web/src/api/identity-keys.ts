/** TanStack Query keys of the identity data, so pages invalidate what they change and nothing else. */
export const identityKeys = {
  me: ['users', 'me'] as const,
  sessions: ['auth', 'sessions'] as const,
  signInProviders: ['auth', 'providers'] as const,
  myProfile: ['profiles', 'me'] as const,
  profile: (username: string) => ['profiles', 'by-username', username.toLowerCase()] as const,
  approvedViewers: ['profiles', 'me', 'viewers'] as const,
  adminUsers: (query: string) => ['admin', 'users', query] as const,
};

/**
 * Queries whose answers belong to the signed-in account and must go when it signs out. Every track answer
 * does: an owner is shown private tracks, secret links and download URLs that a visitor is not.
 */
export function isAccountQuery(key: readonly unknown[]): boolean {
  const [root, second] = key;
  return root === 'auth' || root === 'admin' || root === 'tracks' || (root === 'profiles' && second === 'me');
}
