import { type Kysely, sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { ConcurrencyError } from './concurrency-error.ts';
import type { EventRow, KernelTables } from './event-store-tables.ts';
import type { EventMetadata, ExpectedVersion, NewEvent, StoredEvent } from './event-types.ts';

const UNIQUE_VIOLATION = '23505';

/** One service's event store: the `events` table of its schema. */
export class EventStore {
  private readonly db: Kysely<KernelTables>;

  constructor(
    db: Kysely<unknown>,
    readonly source: string,
  ) {
    this.db = (db as Kysely<KernelTables>).withSchema(source);
  }

  /**
   * Appends events to a stream inside the caller's transaction, so that they commit (and are later
   * relayed) with the state change they describe, or not at all.
   */
  async append(
    trx: Transaction<unknown>,
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    metadata: EventMetadata,
  ): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    const db = (trx as unknown as Kysely<KernelTables>).withSchema(this.source);
    const { current } = await db
      .selectFrom('events')
      .select(sql<number>`coalesce(max(stream_version), 0)::int`.as('current'))
      .where('stream_id', '=', streamId)
      .executeTakeFirstOrThrow();
    const wanted = expected === 'no_stream' ? 0 : expected;
    if (wanted !== 'any' && wanted !== current) throw new ConcurrencyError(streamId, expected, current);
    const rows = events.map((event, index) => ({
      event_id: uuidv7(),
      stream_id: streamId,
      stream_version: current + index + 1,
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(metadata),
    }));
    try {
      const inserted = await db.insertInto('events').values(rows).returningAll().execute();
      return inserted.map((row) => this.toEvent(row));
    } catch (error) {
      // A concurrent writer took the same version between our read and our insert.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ConcurrencyError(streamId, expected, current + 1);
      }
      throw error;
    }
  }

  /** A stream from a version on; with `until`, only what had happened by then. */
  async readStream(
    streamId: string,
    options: { fromVersion?: number; until?: Date } = {},
  ): Promise<StoredEvent[]> {
    let query = this.db
      .selectFrom('events')
      .selectAll()
      .where('stream_id', '=', streamId)
      .where('stream_version', '>=', options.fromVersion ?? 1);
    if (options.until) query = query.where('occurred_at', '<=', options.until);
    const rows = await query.orderBy('stream_version').execute();
    return rows.map((row) => this.toEvent(row));
  }

  /** Relayed events after a global position, in publication order. */
  async readAll(afterPosition: number, options: { limit?: number; types?: readonly string[] } = {}) {
    let query = this.db
      .selectFrom('events')
      .selectAll()
      .where('position', '>', afterPosition)
      .orderBy('position')
      .limit(options.limit ?? 500);
    if (options.types) query = query.where('type', 'in', options.types);
    const rows = await query.execute();
    return rows.map((row) => this.toEvent(row));
  }

  /** The state of a stream as it was at `asOf` (or now): its events folded from the initial state. */
  async fold<S>(
    streamId: string,
    reduce: (state: S, event: StoredEvent) => S,
    initial: S,
    asOf?: Date,
  ): Promise<S> {
    const events = await this.readStream(streamId, asOf ? { until: asOf } : {});
    return events.reduce(reduce, initial);
  }

  /** The highest relayed position: where a replay or a new subscriber catches up to. */
  async headPosition(): Promise<number> {
    const row = await this.db
      .selectFrom('events')
      .select(sql<number>`coalesce(max(position), 0)`.as('head'))
      .executeTakeFirstOrThrow();
    return Number(row.head);
  }

  toEvent(row: EventRow): StoredEvent {
    return {
      eventId: row.event_id,
      source: this.source,
      streamId: row.stream_id,
      version: row.stream_version,
      position: row.position,
      type: row.type,
      data: row.data,
      metadata: row.metadata as EventMetadata,
      occurredAt: row.occurred_at,
    };
  }
}
