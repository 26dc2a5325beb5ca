/**
 * The single byte range of an HTTP `Range` header (RFC 9110 §14.1.2). Several ranges, another unit or a
 * malformed header give null: the server may then ignore Range and send the whole file, which every
 * client handles; only a syntactically valid range outside the file is an error (416).
 */
export type RequestedRange =
  | { start: number; end?: number }
  /** `bytes=-N`: the last N bytes, once the size is known. */
  | { suffix: number };

const SINGLE_RANGE = /^bytes=(?:(\d{1,15})-(\d{1,15})?|-(\d{1,15}))$/;

export function parseRangeHeader(header: string | undefined): RequestedRange | null {
  if (header === undefined) return null;
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match) return null;
  if (match[3] !== undefined) return { suffix: Number(match[3]) };
  const start = Number(match[1]);
  if (match[2] === undefined) return { start };
  const end = Number(match[2]);
  return end < start ? null : { start, end };
}

/** Inclusive offsets within a file of `size` bytes, or null when the range is unsatisfiable (416). */
export function resolveRange(range: RequestedRange, size: number): { start: number; end: number } | null {
  if ('suffix' in range) {
    if (range.suffix === 0 || size === 0) return null;
    return { start: Math.max(0, size - range.suffix), end: size - 1 };
  }
  if (range.start >= size) return null;
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}
