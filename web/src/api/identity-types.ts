/**
 * Shapes of the identity API (docs/api/identity.md). Written by hand while the generated SDK catches up
 * with the auth service's routes.
 */

export type Me = {
  id: string;
  username: string;
  email: string;
  emailVerified: boolean;
  /** E.164 number security alerts go to by SMS, or null. */
  phone: string | null;
  roles: string[];
  permissions: string[];
  twoFactorEnabled: boolean;
  hasPassword: boolean;
  providers: { provider: string; linkedAt: string }[];
  createdAt: string;
};

export type Session = {
  sessionId: string;
  expiresIn: number;
  tokenType: 'Bearer' | 'Cookie';
  csrfToken?: string;
};

export type SignInBody = {
  login: string;
  password: string;
  totp?: string;
  recoveryCode?: string;
};

export type SignUpBody = { email: string; username: string; password: string };

export type SessionItem = {
  id: string;
  device: string;
  ip: string;
  createdAt: string;
  lastSeenAt: string | null;
  current: boolean;
};

export type SignInProvider = { id: string; name: string };

export type TwoFactorSetup = { secret: string; otpauthUrl: string };

export type RecoveryCodes = { recoveryCodes: string[] };

export type VerifyEmailResult = { status: 'verified'; purpose: string };

export type AccountStatus = 'active' | 'suspended' | (string & {});

export type AdminUser = {
  id: string;
  username: string;
  email: string;
  emailVerified: boolean;
  roles: string[];
  status: AccountStatus;
  suspendedReason: string | null;
  createdAt: string;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export const ROLES = ['listener', 'artist', 'moderator', 'admin'] as const;
