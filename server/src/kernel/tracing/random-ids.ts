import { randomFillSync } from 'node:crypto';

// Trace and span ids are drawn for every request: one randomBytes() call each costs a few µs and a
// syscall, a pool refilled 4 KiB at a time costs a fraction of that (Node pools randomUUID the same way).
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
