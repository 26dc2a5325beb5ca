import type { BodyOf, ResponseOf } from './api-shapes.ts';

/** Shapes of the identity API (docs/api/identity.md), from the generated SDK. */

export type Me = ResponseOf<'/api/v1/users/me', 'get'>;

export type Session = ResponseOf<'/api/v1/auth/sign-in', 'post'>;

/** Sign-in without `delivery`: the web app always asks for a cookie session. */
export type SignInBody = Omit<BodyOf<'/api/v1/auth/sign-in', 'post'>, 'delivery'>;

export type SignUpBody = BodyOf<'/api/v1/auth/sign-up', 'post'>;

export type SessionItem = ResponseOf<'/api/v1/auth/sessions', 'get'>['items'][number];

export type SignInProvider = ResponseOf<'/api/v1/auth/providers', 'get'>['items'][number];

export type TwoFactorSetup = ResponseOf<'/api/v1/auth/2fa/setup', 'post'>;

export type RecoveryCodes = ResponseOf<'/api/v1/auth/2fa/enable', 'post'>;

export type VerifyEmailResult = ResponseOf<'/api/v1/auth/verify-email', 'post'>;

export type AdminUser = ResponseOf<'/api/v1/users', 'get'>['items'][number];

export type AdminUsersPage = ResponseOf<'/api/v1/users', 'get'>;

export const ROLES = ['listener', 'artist', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
