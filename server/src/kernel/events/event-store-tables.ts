import { type ColumnType, type Generated, type Selectable, sql } from 'kysely';
import type { Migration } from '../db/migrations.ts';

/**
 * The kernel's tables in every service schema: the event store (which is also the outbox), the
 * inbox of processed event ids, consumer checkpoints and dead letters.
 */
export interface EventsTable {
  seq: Generated<number>;
  position: ColumnType<number | null, never, number>;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  metadata: unknown;
  occurred_at: Generated<Date>;
}

/** An `events` row as read. */
export type EventRow = Selectable<EventsTable>;

export interface KernelTables {
  events: EventsTable;
  inbox: { group_name: string; event_id: string; processed_at: Generated<Date> };
  consumer_checkpoints: { group_name: string; source: string; position: number };
  dead_letters: {
    id: Generated<number>;
    group_name: string;
    event_id: string;
    source: string;
    type: string;
    event: unknown;
    error: string;
    attempts: number;
    failed_at: Generated<Date>;
  };
}

export const eventStoreMigrations: Migration[] = [
  {
    name: '0000-kernel-event-store',
    async up(db) {
      // seq: insertion order. position: publication order, given by the relay once the row is
      // committed and visible, so a slow transaction's event is published late, never skipped.
      await sql`create table events (
        seq bigserial primary key,
        position bigint unique,
        event_id uuid not null unique,
        stream_id text not null,
        stream_version integer not null check (stream_version > 0),
        type text not null,
        data jsonb not null,
        metadata jsonb not null,
        occurred_at timestamptz not null default clock_timestamp(),
        unique (stream_id, stream_version)
      )`.execute(db);
      await sql`create index events_unrelayed on events (seq) where position is null`.execute(db);
      await sql`create index events_stream_time on events (stream_id, occurred_at)`.execute(db);
      await sql`create table inbox (
        group_name text not null,
        event_id uuid not null,
        processed_at timestamptz not null default now(),
        primary key (group_name, event_id)
      )`.execute(db);
      await sql`create table consumer_checkpoints (
        group_name text not null,
        source text not null,
        position bigint not null,
        primary key (group_name, source)
      )`.execute(db);
      await sql`create table dead_letters (
        id bigserial primary key,
        group_name text not null,
        event_id uuid not null,
        source text not null,
        type text not null,
        event jsonb not null,
        error text not null,
        attempts integer not null,
        failed_at timestamptz not null default now()
      )`.execute(db);
    },
  },
];
