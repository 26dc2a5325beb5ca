/** The gateway's limits; every one has a default, and tests shorten the clocks. */
export interface GatewayOptions {
  /** Sent in HELLO; a connection silent for 1.5 intervals is a zombie (4009). Discord's 41.25 s. */
  heartbeatIntervalMs: number;
  /** How long a disconnected session can be resumed (since its last dispatch or heartbeat). */
  retentionMs: number;
  /** Dispatches kept per session for RESUME. */
  sessionDispatches: number;
  /** Entries kept per topic for RESUME after a process loss and for filling pub/sub holes. */
  topicEntries: number;
  /** The largest client frame, in bytes (beyond it: close 1009). Client commands are small. */
  maxPayloadBytes: number;
  /** Commands a connection may send at once, and its sustained rate (beyond: close 4008). Heartbeats are free. */
  commandBurst: number;
  commandsPerSecond: number;
  /** Past this many unsent bytes on a socket, ephemeral dispatches (typing, presence) are dropped. */
  softBufferBytes: number;
  /** Past this many, the client is too slow: closed with 4010, to resume. */
  hardBufferBytes: number;
  /** How long a closing socket may take to answer the close frame before it is dropped. */
  closeTimeoutMs: number;
}

export const defaultGatewayOptions: GatewayOptions = {
  heartbeatIntervalMs: 41_250,
  retentionMs: 5 * 60_000,
  sessionDispatches: 5_000,
  topicEntries: 10_000,
  maxPayloadBytes: 16 * 1024,
  commandBurst: 60,
  commandsPerSecond: 2,
  softBufferBytes: 256 * 1024,
  hardBufferBytes: 4 * 1024 * 1024,
  closeTimeoutMs: 2_000,
};
