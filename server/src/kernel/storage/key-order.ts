/**
 * S3 lists keys in UTF-8 byte order. JavaScript's default sort compares UTF-16 units, which disagrees past
 * U+FFFF, and some S3-compatible servers (s3rver) do not sort at all as S3 does: both backends sort with this.
 */
export const compareKeys = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
