import { sql } from 'kysely';
import type { Migration } from '../../kernel/db/migrations.ts';

export const chatMigrations: Migration[] = [
  {
    name: '0001-communities',
    async up(db) {
      await sql`create table communities (
        id uuid primary key,
        name text not null,
        description text not null default '',
        owner_id uuid not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`.execute(db);
      // An account's deletion finds the communities it owns.
      await sql`create index communities_owner on communities (owner_id)`.execute(db);
      await sql`create table roles (
        id uuid primary key,
        community_id uuid not null references communities (id) on delete cascade,
        name text not null,
        permissions integer not null,
        position integer not null,
        color text,
        unique (community_id, position) deferrable initially deferred
      )`.execute(db);
      await sql`create table channels (
        id uuid primary key,
        community_id uuid not null references communities (id) on delete cascade,
        type text not null check (type in ('category', 'text', 'announcement', 'tracks')),
        name text not null,
        topic text not null default '',
        parent_id uuid references channels (id) on delete set null,
        position integer not null,
        slowmode_seconds integer not null default 0 check (slowmode_seconds between 0 and 21600),
        overwrites jsonb not null default '[]'
      )`.execute(db);
      await sql`create index channels_community on channels (community_id, position)`.execute(db);
      await sql`create table members (
        community_id uuid not null references communities (id) on delete cascade,
        user_id uuid not null,
        timed_out_until timestamptz,
        joined_at timestamptz not null default now(),
        primary key (community_id, user_id)
      )`.execute(db);
      // "My communities" and an account's deletion go by user.
      await sql`create index members_user on members (user_id, community_id)`.execute(db);
      await sql`create table member_roles (
        community_id uuid not null,
        user_id uuid not null,
        role_id uuid not null references roles (id) on delete cascade,
        primary key (community_id, user_id, role_id),
        foreign key (community_id, user_id) references members (community_id, user_id) on delete cascade
      )`.execute(db);
      await sql`create index member_roles_role on member_roles (role_id)`.execute(db);
      await sql`create table bans (
        community_id uuid not null references communities (id) on delete cascade,
        user_id uuid not null,
        moderator_id uuid not null,
        reason text,
        created_at timestamptz not null default now(),
        primary key (community_id, user_id)
      )`.execute(db);
      await sql`create index bans_user on bans (user_id)`.execute(db);
      await sql`create table invites (
        code text primary key,
        community_id uuid not null references communities (id) on delete cascade,
        creator_id uuid not null,
        max_uses integer,
        uses integer not null default 0,
        expires_at timestamptz,
        created_at timestamptz not null default now()
      )`.execute(db);
      await sql`create index invites_community on invites (community_id)`.execute(db);
      await sql`create index invites_creator on invites (creator_id)`.execute(db);
      await sql`create table users (
        user_id uuid primary key,
        username text not null
      )`.execute(db);
    },
  },
];
