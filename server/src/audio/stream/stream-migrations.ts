import { sql } from 'kysely';
import type { Migration } from '../../kernel/db/migrations.ts';

export const streamMigrations: Migration[] = [
  {
    name: '0001-stream',
    async up(db) {
      await sql`create table tracks (
        track_id uuid primary key,
        owner_id uuid not null,
        visibility text not null check (visibility in ('public', 'unlisted', 'private')),
        downloadable boolean not null,
        access_event_version integer not null,
        ready_version integer,
        ready_event_version integer not null
      )`.execute(db);
      await sql`create table track_versions (
        track_id uuid not null,
        version integer not null,
        source_key text not null,
        source_content_type text not null,
        source_file_name text not null,
        primary key (track_id, version)
      )`.execute(db);
      await sql`create table deleted_tracks (track_id uuid primary key)`.execute(db);
      await sql`create table play_sessions (
        id uuid primary key,
        track_id uuid not null,
        owner_id uuid not null,
        listener_id uuid,
        listener_key text not null,
        started_at timestamptz not null,
        listened_seconds double precision not null default 0,
        position_seconds double precision not null default 0,
        counted boolean not null default false,
        updated_at timestamptz not null default now()
      )`.execute(db);
      // The sweep removes sessions by age.
      await sql`create index play_sessions_started_at on play_sessions (started_at)`.execute(db);
      await sql`create table counted_plays (
        listener_key text not null,
        track_id uuid not null,
        counted_at timestamptz not null,
        primary key (listener_key, track_id)
      )`.execute(db);
      await sql`create index counted_plays_counted_at on counted_plays (counted_at)`.execute(db);
    },
  },
];
