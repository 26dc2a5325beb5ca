import type { Generated } from 'kysely';

/** The auth service's tables (schema `auth`). Sensitive columns end in `_enc` (FieldCipher) or `_hash`. */
export interface AuthDb {
  accounts: {
    id: string;
    username: string;
    email_enc: string;
    /** Keyed hash of the normalized email: the only way to look an account up by email. */
    email_hash: string;
    email_verified_at: Date | null;
    password_hash: string | null;
    roles: string[];
    status: 'active' | 'suspended';
    suspended_reason: string | null;
    totp_secret_enc: string | null;
    totp_enabled_at: Date | null;
    /** The last accepted TOTP time step: a code is accepted once (RFC 6238 §5.2). */
    totp_last_step: string | null;
    phone_enc: string | null;
    failed_sign_ins: Generated<number>;
    created_at: Generated<Date>;
  };
  sessions: {
    id: string;
    account_id: string;
    device: string;
    ip: string;
    created_at: Generated<Date>;
    last_seen_at: Generated<Date>;
    expires_at: Date;
    revoked_at: Date | null;
    revoked_reason: string | null;
  };
  /** Every refresh token a session was given; only the newest unused one may be presented. */
  refresh_tokens: {
    hash: string;
    session_id: string;
    created_at: Generated<Date>;
    used_at: Date | null;
  };
  one_time_tokens: {
    hash: string;
    account_id: string;
    purpose: 'verify-email' | 'reset-password' | 'change-email';
    /** Purpose-specific data; the new address of a change-email link is encrypted. */
    payload_enc: string | null;
    expires_at: Date;
    used_at: Date | null;
  };
  recovery_codes: {
    account_id: string;
    hash: string;
    used_at: Date | null;
  };
  signing_keys: {
    kid: string;
    public_jwk: string;
    private_enc: string;
    created_at: Generated<Date>;
    /** New tokens are signed with the newest key whose sign_until is ahead. */
    sign_until: Date;
    /** Served in the JWKS (and accepted) until then: sign_until plus one token lifetime. */
    verify_until: Date;
  };
  identities: {
    provider: string;
    subject: string;
    account_id: string;
    email_enc: string | null;
    tokens_enc: string | null;
    linked_at: Generated<Date>;
  };
}
