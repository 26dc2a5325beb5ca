/** A `returnTo` query value if it is a path on this site (never `//other.site` or a full URL), else `/`. */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
