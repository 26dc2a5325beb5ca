import { sql } from 'kysely';
import type { Migration } from '../../kernel/db/migrations.ts';

export const messageMigrations: Migration[] = [
  {
    name: '0001-channel-access',
    async up(db) {
      await sql`create table communities (
        id uuid primary key,
        owner_id uuid not null,
        version integer not null,
        deleted boolean not null default false
      )`.execute(db);
      await sql`create table roles (
        id uuid primary key,
        community_id uuid not null,
        permissions integer not null,
        position integer not null,
        version integer not null,
        deleted boolean not null default false
      )`.execute(db);
      await sql`create index roles_community on roles (community_id)`.execute(db);
      await sql`create table members (
        community_id uuid not null,
        user_id uuid not null,
        present boolean not null,
        role_ids jsonb not null default '[]',
        timed_out_until timestamptz,
        membership_version integer not null default 0,
        roles_version integer not null default 0,
        timeout_version integer not null default 0,
        primary key (community_id, user_id)
      )`.execute(db);
      // "Every channel I can see" goes by user.
      await sql`create index members_user on members (user_id, community_id)`.execute(db);
      await sql`create table channels (
        id uuid primary key,
        community_id uuid,
        type text not null check (type in ('category', 'text', 'announcement', 'tracks', 'dm', 'group_dm')),
        slowmode_seconds integer not null default 0,
        overwrites jsonb not null default '[]',
        owner_id uuid,
        name text,
        last_message_id uuid,
        version integer not null default 0,
        deleted boolean not null default false,
        created_at timestamptz not null default now()
      )`.execute(db);
      await sql`create index channels_community on channels (community_id)`.execute(db);
      await sql`create table dm_participants (
        channel_id uuid not null references channels (id) on delete cascade,
        user_id uuid not null,
        primary key (channel_id, user_id)
      )`.execute(db);
      await sql`create index dm_participants_user on dm_participants (user_id)`.execute(db);
    },
  },
  {
    name: '0002-messages',
    async up(db) {
      await sql`create table messages (
        id uuid primary key,
        channel_id uuid not null references channels (id) on delete cascade,
        community_id uuid,
        author_id uuid not null,
        content text not null,
        reply_to_id uuid,
        mention_user_ids jsonb not null default '[]',
        mention_role_ids jsonb not null default '[]',
        mention_everyone boolean not null default false,
        pinned_at timestamptz,
        edited_at timestamptz,
        created_at timestamptz not null
      )`.execute(db);
      // Pages of a channel go by id (UUIDv7: time order); unread counts are ranges of it too.
      await sql`create index messages_channel on messages (channel_id, id)`.execute(db);
      await sql`create index messages_author on messages (author_id)`.execute(db);
      await sql`create index messages_pinned on messages (channel_id, pinned_at) where pinned_at is not null`.execute(
        db,
      );
      // Search within a community (PostgreSQL full text; 'simple': no language guess for mixed chat).
      await sql`create index messages_search on messages using gin (to_tsvector('simple', content))`.execute(
        db,
      );
      await sql`create table message_edits (
        message_id uuid not null references messages (id) on delete cascade,
        version integer not null,
        content text not null,
        replaced_at timestamptz not null,
        primary key (message_id, version)
      )`.execute(db);
      await sql`create table message_mentions (
        message_id uuid not null references messages (id) on delete cascade,
        channel_id uuid not null,
        user_id uuid not null,
        primary key (message_id, user_id)
      )`.execute(db);
      // A user's mentions after their read point in a channel.
      await sql`create index message_mentions_user on message_mentions (user_id, channel_id, message_id)`.execute(
        db,
      );
      await sql`create table reactions (
        message_id uuid not null references messages (id) on delete cascade,
        emoji text not null,
        user_id uuid not null,
        created_at timestamptz not null default now(),
        primary key (message_id, emoji, user_id)
      )`.execute(db);
      await sql`create table read_states (
        user_id uuid not null,
        channel_id uuid not null references channels (id) on delete cascade,
        last_read_message_id uuid,
        unread_count integer not null default 0 check (unread_count >= 0),
        mention_count integer not null default 0 check (mention_count >= 0),
        primary key (user_id, channel_id)
      )`.execute(db);
      // A send updates every read state of its channel.
      await sql`create index read_states_channel on read_states (channel_id)`.execute(db);
      await sql`create table last_sends (
        channel_id uuid not null references channels (id) on delete cascade,
        user_id uuid not null,
        sent_at timestamptz not null,
        primary key (channel_id, user_id)
      )`.execute(db);
      await sql`create table blocks (
        blocker_id uuid not null,
        blocked_id uuid not null,
        created_at timestamptz not null default now(),
        primary key (blocker_id, blocked_id)
      )`.execute(db);
      await sql`create index blocks_blocked on blocks (blocked_id)`.execute(db);
    },
  },
  {
    name: '0003-users',
    async up(db) {
      await sql`create table users (user_id uuid primary key)`.execute(db);
    },
  },
];
