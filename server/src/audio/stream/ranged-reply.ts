import type { FastifyReply } from 'fastify';
import { notFound, ProblemError } from '../../kernel/errors/problem-error.ts';
import { type ByteRange, RangeNotSatisfiableError } from '../../kernel/storage/byte-range.ts';
import type { ObjectStorage } from '../../kernel/storage/object-storage.ts';
import { parseRangeHeader, type RequestedRange, resolveRange } from './range-header.ts';

/** 416, with the size the client should have asked within. */
function notSatisfiable(reply: FastifyReply, size: number): ProblemError {
  reply.header('content-range', `bytes */${size}`);
  return new ProblemError(
    416,
    'range_not_satisfiable',
    'Range not satisfiable',
    `The file has ${size} bytes; the requested range starts past its end`,
  );
}

/**
 * Sends a stored object whole (200) or the one range asked for (206), streamed from storage: the bytes
 * are never held in memory. `rangeHeader` is the Range header, already dropped by the caller when
 * If-Range does not hold. `headers` (ETag, caching…) go on a success only: an error must not be cached
 * for a year.
 */
export async function sendStoredObject(
  reply: FastifyReply,
  storage: ObjectStorage,
  key: string,
  rangeHeader: string | undefined,
  headers: Record<string, string>,
): Promise<FastifyReply> {
  const requested = parseRangeHeader(rangeHeader);
  let range: ByteRange | undefined;
  if (requested && 'suffix' in requested) {
    // The last N bytes: only the size tells where they start.
    const info = await storage.stat(key);
    if (!info) throw notFound('This file');
    const resolved = resolveRange(requested, info.size);
    if (!resolved) throw notSatisfiable(reply, info.size);
    range = resolved;
  } else if (requested) {
    range = requested;
  }
  let object: Awaited<ReturnType<ObjectStorage['get']>>;
  try {
    object = await storage.get(key, range);
  } catch (error) {
    if (error instanceof RangeNotSatisfiableError) throw notSatisfiable(reply, error.size);
    throw error;
  }
  if (!object) throw notFound('This file');
  reply.headers(headers);
  if (!range) return reply.header('content-length', object.size).send(object.body);
  const end = Math.min(range.end ?? object.size - 1, object.size - 1);
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${end}/${object.size}`)
    .header('content-length', end - range.start + 1)
    .send(object.body);
}

/** The same for bytes made here (a playlist with tokens added). */
export function sendBytes(
  reply: FastifyReply,
  bytes: Buffer,
  rangeHeader: string | undefined,
  headers: Record<string, string>,
): FastifyReply {
  const requested: RequestedRange | null = parseRangeHeader(rangeHeader);
  const range = requested && resolveRange(requested, bytes.length);
  if (requested && !range) throw notSatisfiable(reply, bytes.length);
  reply.headers(headers);
  if (!range) return reply.header('content-length', bytes.length).send(bytes);
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${bytes.length}`)
    .header('content-length', range.end - range.start + 1)
    .send(bytes.subarray(range.start, range.end + 1));
}
