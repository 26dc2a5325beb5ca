/** The readable cookie the server sets beside the httpOnly session cookies (double-submit CSRF). */
export const CSRF_COOKIE = 'veza_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** The current CSRF token, or undefined when this browser holds no cookie session. */
export function readCsrfToken(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === CSRF_COOKIE)
      return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Drops the CSRF cookie once the session behind it is known to be over, so no refresh is tried again. */
export function forgetCsrfToken(): void {
  if (typeof document === 'undefined') return;
  // biome-ignore lint/suspicious/noDocumentCookie: one synchronous delete; the Cookie Store API is not everywhere
  document.cookie = `${CSRF_COOKIE}=; Max-Age=0; Path=/; SameSite=Strict`;
}
