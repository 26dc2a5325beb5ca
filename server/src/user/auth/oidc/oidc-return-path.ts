import { oidcProblems } from './oidc-problems.ts';

/** Browsers read a backslash as a slash, and control characters can split or hide the URL. */
const isUnsafe = (char: string) => char === '\\' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f;

/**
 * Where a sign-in lands afterwards. Only a path on this site is accepted: an absolute or protocol-relative
 * URL (`//evil.example`, `/\evil.example`) would make the sign-in an open redirect.
 */
export function checkReturnTo(returnTo: string | undefined): string {
  if (returnTo === undefined || returnTo === '') return '/';
  if (!returnTo.startsWith('/') || returnTo.startsWith('//') || [...returnTo].some(isUnsafe))
    throw oidcProblems.returnToInvalid();
  return returnTo;
}
