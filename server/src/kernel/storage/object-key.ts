/** A key or prefix that could escape the storage root or that the two backends would not agree on. */
export class InvalidObjectKeyError extends Error {
  constructor(key: string, reason: string) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidObjectKeyError';
  }
}

// S3's limit; local disk accepts at least as much.
const maxKeyBytes = 1024;

/**
 * Keys are relative `/`-separated paths. Refused: absolute paths (`/x`, `C:/x`), backslashes, empty
 * segments (`a//b`: one file on disk, two keys on S3), and any segment starting with `.` — which covers
 * `.` and `..`, and leaves dot-names free for the local backend's temp files and content-type sidecars.
 */
export function assertObjectKey(key: string): void {
  checkCharacters(key);
  if (key === '') throw new InvalidObjectKeyError(key, 'it is empty');
  for (const segment of key.split('/')) checkSegment(key, segment);
}

/** Like a key, except that it may be empty (everything) and end with `/` or with part of a segment. */
export function assertObjectPrefix(prefix: string): void {
  checkCharacters(prefix);
  if (prefix === '') return;
  const segments = prefix.split('/');
  const last = segments.pop() ?? '';
  for (const segment of segments) checkSegment(prefix, segment);
  // A partial last segment such as `..` or `.x` could match nothing valid; refuse it like a full one.
  if (last.startsWith('.')) checkSegment(prefix, last);
}

function checkCharacters(key: string): void {
  if (Buffer.byteLength(key) > maxKeyBytes)
    throw new InvalidObjectKeyError(key, `it exceeds ${maxKeyBytes} bytes`);
  if (key.includes('\\')) throw new InvalidObjectKeyError(key, 'it contains a backslash');
  if (hasControlCharacter(key)) throw new InvalidObjectKeyError(key, 'it contains a control character');
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) throw new InvalidObjectKeyError(key, 'it is absolute');
}

function checkSegment(key: string, segment: string): void {
  if (segment === '') throw new InvalidObjectKeyError(key, 'it has an empty path segment');
  if (segment.startsWith('.'))
    throw new InvalidObjectKeyError(key, `the segment ${segment} starts with a dot`);
}

// Control characters (NUL above all) mean nothing in a path and break filesystems and S3's XML listings.
function hasControlCharacter(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
