import { sql } from 'kysely';
import type { Migration } from '../../kernel/db/migrations.ts';

export const trackMigrations: Migration[] = [
  {
    name: '0001-tracks',
    async up(db) {
      await sql`create table artists (
        user_id uuid primary key,
        username text not null
      )`.execute(db);
      await sql`create table tracks (
        id uuid primary key,
        owner_id uuid not null,
        title text not null,
        description text not null default '',
        genre text not null default '',
        album text not null default '',
        tags jsonb not null default '[]',
        credits jsonb not null default '[]',
        release_date text check (release_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        license text not null,
        visibility text not null check (visibility in ('public', 'unlisted', 'private')),
        share_secret text not null unique,
        downloadable boolean not null default false,
        state text not null check (state in ('uploaded', 'processing', 'ready', 'failed')),
        failure_reason text,
        version integer not null,
        ready_version integer,
        duration_seconds double precision,
        integrated_lufs double precision,
        true_peak_dbtp double precision,
        gain_db double precision,
        bpm double precision,
        musical_key text,
        analysis_note text,
        artwork_version text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`.execute(db);
      // An artist's page lists their tracks newest first; ids are UUIDv7, so id order is creation order.
      await sql`create index tracks_owner on tracks (owner_id, id desc)`.execute(db);
      await sql`create table track_versions (
        track_id uuid not null references tracks (id) on delete cascade,
        version integer not null,
        source_key text not null,
        source_content_type text not null,
        source_file_name text not null,
        source_bytes bigint not null,
        created_at timestamptz not null default now(),
        primary key (track_id, version)
      )`.execute(db);
      await sql`create table tus_uploads (
        upload_id text primary key,
        owner_id uuid not null,
        track_id uuid not null references tracks (id) on delete cascade,
        created_at timestamptz not null default now()
      )`.execute(db);
    },
  },
];
