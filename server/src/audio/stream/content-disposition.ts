/**
 * `attachment` with the file name, for downloads: a plain ASCII `filename` every client reads (quotes,
 * backslashes, control and non-ASCII characters replaced) and the exact name in RFC 5987 `filename*`.
 */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_').trim() || 'download';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16)}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
