/**
 * Whether an If-None-Match header names `etag` (weak comparison, RFC 9110 §13.1.2: any listed tag, `W/` or
 * not, or `*`): then the answer is 304. The exact header is checked first: it is what a cache sends back.
 */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}

/**
 * If-Range (strong comparison): the range applies only if the client's copy is this exact one. A date or
 * a repeated header never matches, so the whole file is sent.
 */
export const ifRangeHolds = (header: string | string[] | undefined, etag: string) =>
  header === undefined || (typeof header === 'string' && header.trim() === etag);
