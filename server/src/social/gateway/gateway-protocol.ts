/**
 * The wire protocol of `/gateway` (documented in docs/api/gateway.md): JSON text frames
 * `{ op, d, s?, t? }`, in the style of Discord's gateway. Numbers are part of the public API: never reuse one.
 */
export const Opcode = {
  /** server → client: an event; `t` names it, `s` is the session's sequence number. */
  Dispatch: 0,
  /** client → server: `{ seq }`, the last `s` received; answered by HEARTBEAT_ACK. */
  Heartbeat: 1,
  /** client → server: `{ token, presence? }` starts a session, answered by READY. */
  Identify: 2,
  /** client → server: `{ status }` sets this device's presence. */
  PresenceUpdate: 3,
  /** client → server: `{ token, sessionId, seq }` continues a session, replaying what was missed. */
  Resume: 6,
  /** server → client: the process is going away; reconnect and RESUME. */
  Reconnect: 7,
  /** server → client: `d: false`, the session cannot be resumed; IDENTIFY again. */
  InvalidSession: 9,
  /** server → client: `{ heartbeatInterval }`, the first frame of every connection. */
  Hello: 10,
  /** server → client: answers HEARTBEAT. */
  HeartbeatAck: 11,
  /** client → server: `{ channelId }`, the user is typing in a channel. */
  TypingStart: 12,
} as const;

/** Close codes: 1000-range from the WebSocket standard, 4000-range ours (Discord's where they match). */
export const CloseCode = {
  /** Frame larger than the gateway accepts (closed by `ws` itself). */
  MessageTooBig: 1009,
  /** The process is shutting down: reconnect (to another process) and RESUME. */
  GoingAway: 1001,
  UnknownError: 4000,
  UnknownOpcode: 4001,
  /** Not JSON, or a payload that does not match its opcode's shape. */
  DecodeError: 4002,
  /** A command other than IDENTIFY/RESUME/HEARTBEAT before the session exists, or no IDENTIFY in time. */
  NotAuthenticated: 4003,
  /** The access token was refused. */
  AuthenticationFailed: 4004,
  /** A second IDENTIFY or RESUME on a connection that has a session. */
  AlreadyAuthenticated: 4005,
  /** More commands than the rate limit allows. */
  RateLimited: 4008,
  /** No heartbeat within the interval and its grace: a zombie connection. Resumable. */
  SessionTimedOut: 4009,
  /** The client does not read fast enough: its send buffer passed the limit. Resumable. */
  TooSlow: 4010,
  /** The session was resumed on another connection. */
  SessionReplaced: 4011,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

export const presenceStatuses = ['online', 'idle', 'dnd', 'invisible'] as const;
export type PresenceStatus = (typeof presenceStatuses)[number];
/** What others see: `invisible` and no device at all both read `offline`. */
export type VisiblePresence = 'online' | 'idle' | 'dnd' | 'offline';

/** A server → client frame, already serialised (built once, sent to many sockets). */
export function frame(op: number, d: unknown): string {
  return JSON.stringify({ op, d });
}

/** A dispatch frame around an already serialised payload, so fan-out serialises `d` once. */
export function dispatchFrame(t: string, s: number, dJson: string): string {
  return `{"op":0,"t":${JSON.stringify(t)},"s":${s},"d":${dJson}}`;
}
