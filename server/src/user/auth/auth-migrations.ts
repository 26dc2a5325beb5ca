import { sql } from 'kysely';
import { dataKeysMigration } from '../../kernel/crypto/field-cipher.ts';
import type { Migration } from '../../kernel/db/migrations.ts';

export const authMigrations: Migration[] = [
  dataKeysMigration,
  {
    name: '0001-accounts-sessions-keys',
    async up(db) {
      await sql`create table accounts (
        id uuid primary key,
        username text not null,
        email_enc text not null,
        email_hash text not null unique,
        email_verified_at timestamptz,
        password_hash text,
        roles text[] not null default '{listener}',
        status text not null default 'active' check (status in ('active', 'suspended')),
        suspended_reason text,
        totp_secret_enc text,
        totp_enabled_at timestamptz,
        totp_last_step bigint,
        phone_enc text,
        failed_sign_ins integer not null default 0,
        created_at timestamptz not null default now()
      )`.execute(db);
      await sql`create unique index accounts_username on accounts (lower(username))`.execute(db);
      await sql`create table sessions (
        id uuid primary key,
        account_id uuid not null references accounts (id) on delete cascade,
        device text not null,
        ip text not null,
        created_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        expires_at timestamptz not null,
        revoked_at timestamptz,
        revoked_reason text
      )`.execute(db);
      await sql`create index sessions_account on sessions (account_id)`.execute(db);
      await sql`create table refresh_tokens (
        hash text primary key,
        session_id uuid not null references sessions (id) on delete cascade,
        created_at timestamptz not null default now(),
        used_at timestamptz
      )`.execute(db);
      await sql`create table one_time_tokens (
        hash text primary key,
        account_id uuid not null references accounts (id) on delete cascade,
        purpose text not null,
        payload_enc text,
        expires_at timestamptz not null,
        used_at timestamptz
      )`.execute(db);
      await sql`create table recovery_codes (
        account_id uuid not null references accounts (id) on delete cascade,
        hash text not null,
        used_at timestamptz,
        primary key (account_id, hash)
      )`.execute(db);
      await sql`create table signing_keys (
        kid text primary key,
        public_jwk text not null,
        private_enc text not null,
        created_at timestamptz not null default now(),
        sign_until timestamptz not null,
        verify_until timestamptz not null
      )`.execute(db);
      await sql`create table identities (
        provider text not null,
        subject text not null,
        account_id uuid not null references accounts (id) on delete cascade,
        email_enc text,
        tokens_enc text,
        linked_at timestamptz not null default now(),
        primary key (provider, subject)
      )`.execute(db);
      await sql`create index identities_account on identities (account_id)`.execute(db);
    },
  },
];
