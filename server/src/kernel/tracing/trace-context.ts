import { randomHex } from './random-ids.ts';

/** A W3C trace context (https://www.w3.org/TR/trace-context/): which trace, which span, sampled or not. */
export interface TraceContext {
  traceId: string;
  spanId: string;
  flags: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** Parses a `traceparent` header; anything malformed is ignored, as the spec requires. */
export function parseTraceparent(header: unknown): TraceContext | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match || match[1] === ZERO_TRACE || match[2] === ZERO_SPAN) return undefined;
  return { traceId: match[1]!, spanId: match[2]!, flags: match[3]! };
}

export const formatTraceparent = (context: TraceContext) =>
  `00-${context.traceId}-${context.spanId}-${context.flags}`;

export const newSpanId = () => randomHex(8);

/** A new span of the parent's trace, or the first span of a new trace. */
export const childContext = (parent: TraceContext | undefined): TraceContext =>
  parent
    ? { traceId: parent.traceId, spanId: newSpanId(), flags: parent.flags }
    : { traceId: randomHex(16), spanId: newSpanId(), flags: '01' };
