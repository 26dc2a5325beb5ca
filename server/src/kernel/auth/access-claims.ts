/** What a verified access token says about its bearer. */
export interface AccessClaims {
  /** The account id. */
  sub: string;
  /** The session (refresh-token family) the token was issued for: revoking it stops the token. */
  sid: string;
  roles: string[];
  /** Issued-at and expiry, seconds since the epoch. */
  iat: number;
  exp: number;
}

export const TOKEN_ISSUER = 'veza';
export const TOKEN_AUDIENCE = 'veza-api';
