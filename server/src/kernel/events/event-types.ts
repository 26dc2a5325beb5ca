/** Who and what caused an event: copied from the request (or the consumed event) that wrote it. */
export interface EventMetadata {
  actor?: string | null;
  correlationId?: string;
  causationId?: string;
  /** W3C trace context of the writer, so a consumer's work continues the producer's trace. */
  traceparent?: string;
  [key: string]: unknown;
}

export interface NewEvent<T = unknown> {
  type: string;
  data: T;
}

export interface StoredEvent<T = unknown> {
  eventId: string;
  /** The service (and PostgreSQL schema) whose event store holds it. */
  source: string;
  streamId: string;
  version: number;
  /** Global position in the source's store, assigned by the relay in commit order; null until relayed. */
  position: number | null;
  type: string;
  data: T;
  metadata: EventMetadata;
  occurredAt: Date;
}

/** A number is the version the stream must be at; 'no_stream' means it must not exist yet. */
export type ExpectedVersion = number | 'any' | 'no_stream';

/** `source.Type` as used in routing keys and subscriptions (`notes.NoteCreated`, `notes.*`). */
export const qualifiedType = (event: Pick<StoredEvent, 'source' | 'type'>) => `${event.source}.${event.type}`;
