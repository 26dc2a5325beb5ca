import { sql } from 'kysely';
import type { Migration } from '../../kernel/db/migrations.ts';

export const profileMigrations: Migration[] = [
  {
    name: '0001-profiles',
    async up(db) {
      await sql`create table profiles (
        user_id uuid primary key,
        username text not null,
        display_name text not null,
        bio text not null default '',
        links jsonb not null default '[]',
        location text not null default '',
        genres jsonb not null default '[]',
        private boolean not null default false,
        suspended boolean not null default false,
        avatar_version text,
        banner_version text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`.execute(db);
      // Profile pages and search go by username, case-insensitively (usernames are unique that way in auth).
      await sql`create unique index profiles_username on profiles (lower(username))`.execute(db);
      await sql`create table approved_viewers (
        owner_id uuid not null references profiles (user_id) on delete cascade,
        viewer_id uuid not null,
        approved_at timestamptz not null default now(),
        primary key (owner_id, viewer_id)
      )`.execute(db);
      // A deleted account's approvals as a viewer are removed by viewer id.
      await sql`create index approved_viewers_viewer on approved_viewers (viewer_id)`.execute(db);
    },
  },
];
