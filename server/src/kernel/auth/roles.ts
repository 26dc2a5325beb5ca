/**
 * Veza's roles and the named permissions each grants. Services check permissions, never role names, so
 * a role can change what it allows here without touching a route. Roles accumulate: an account holds
 * `listener` always and may add `artist`, `moderator`, `admin`.
 */
export const ROLES = ['listener', 'artist', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

// Every account may publish tracks, as on SoundCloud; the artist role is what selling needs.
const listener = [
  'profile:edit',
  'tracks:listen',
  'tracks:publish',
  'social:interact',
  'chat:participate',
  'market:buy',
] as const;
const artist = [...listener, 'market:sell'] as const;
const moderator = [...artist, 'content:moderate', 'users:view'] as const;
const admin = [...moderator, 'users:manage', 'roles:grant', 'platform:configure'] as const;

export type Permission = (typeof admin)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  listener,
  artist,
  moderator,
  admin,
};

const byRoles = new Map<string, ReadonlySet<Permission>>();

/** The union of the roles' permissions; memoized, as only a handful of role combinations exist. */
export function permissionsOf(roles: readonly string[]): ReadonlySet<Permission> {
  const key = roles.join(',');
  let granted = byRoles.get(key);
  if (!granted) {
    granted = new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role as Role] ?? []));
    byRoles.set(key, granted);
  }
  return granted;
}
