import { sql } from 'kysely';
import type { Migration } from '../../kernel/db/migrations.ts';

export const transcodeMigrations: Migration[] = [
  {
    name: '0001-transcode-jobs',
    async up(db) {
      await sql`create table jobs (
        id uuid primary key,
        track_id uuid not null,
        version integer not null check (version >= 1),
        source_key text not null,
        state text not null check (state in ('queued', 'running', 'done', 'failed', 'cancelled')),
        attempts integer not null default 0,
        not_before timestamptz not null default now(),
        lease_owner text,
        lease_until timestamptz,
        last_error text,
        origin jsonb not null default '{}',
        renditions_removed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        finished_at timestamptz,
        unique (track_id, version)
      )`.execute(db);
      // Workers look for claimable jobs (queued, or running with an expired lease) oldest first.
      await sql`create index jobs_claimable on jobs (created_at) where state in ('queued', 'running')`.execute(
        db,
      );
    },
  },
];
