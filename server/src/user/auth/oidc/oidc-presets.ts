/**
 * What a preset fills in for a well-known provider, so an operator only pastes a client id and secret.
 * Any field can still be overridden in the entry (a GitLab instance of one's own, a Microsoft tenant).
 */
export interface OidcPreset {
  id: string;
  name: string;
  issuer: string;
  scopes: readonly string[];
  /** Apple posts the authorization response (form_post) whenever name or email are requested. */
  responseMode: 'query' | 'form_post';
}

export const OIDC_PRESETS = {
  google: {
    id: 'google',
    name: 'Google',
    issuer: 'https://accounts.google.com',
    scopes: ['openid', 'email', 'profile'],
    responseMode: 'query',
  },
  // The `common` endpoint's metadata names a templated issuer ({tenantid}) that no ID token carries, so
  // strict issuer validation cannot pass there: the preset targets personal Microsoft accounts (the
  // `consumers` tenant); an organisation overrides `issuer` with its own tenant's.
  microsoft: {
    id: 'microsoft',
    name: 'Microsoft',
    issuer: 'https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0',
    scopes: ['openid', 'email', 'profile'],
    responseMode: 'query',
  },
  gitlab: {
    id: 'gitlab',
    name: 'GitLab',
    issuer: 'https://gitlab.com',
    scopes: ['openid', 'email', 'profile'],
    responseMode: 'query',
  },
  apple: {
    id: 'apple',
    name: 'Apple',
    issuer: 'https://appleid.apple.com',
    scopes: ['openid', 'email', 'name'],
    responseMode: 'form_post',
  },
} as const satisfies Record<string, OidcPreset>;

export type OidcPresetName = keyof typeof OIDC_PRESETS;
