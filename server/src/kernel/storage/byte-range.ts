/** Inclusive byte offsets, as in an HTTP Range header; no `end` means "to the last byte". */
export interface ByteRange {
  start: number;
  end?: number;
}

/** The range starts at or past the end of the object: HTTP 416, answered with `Content-Range: bytes *\/size`. */
export class RangeNotSatisfiableError extends Error {
  constructor(readonly size: number) {
    super(`the requested range starts past the end of the object (${size} bytes)`);
    this.name = 'RangeNotSatisfiableError';
  }
}

/** A malformed range is the caller's bug, not the object's: it gets a RangeError, never a partial read. */
export function assertByteRange(range: ByteRange | undefined): void {
  if (range === undefined) return;
  const { start, end } = range;
  if (
    !Number.isSafeInteger(start) ||
    start < 0 ||
    (end !== undefined && (!Number.isSafeInteger(end) || end < start))
  ) {
    throw new RangeError(`invalid byte range ${start}-${end ?? ''}`);
  }
}
