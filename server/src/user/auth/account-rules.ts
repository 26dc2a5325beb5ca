import { ProblemError } from '../../kernel/errors/problem-error.ts';

/**
 * What a username, email and password must look like, with the message a person sees when one does not.
 * Passwords follow NIST SP 800-63B: length over composition rules, and no obvious choices.
 */
const USERNAME = /^[a-z0-9](?:[a-z0-9_.-]{1,28})[a-z0-9_]$/i;
const RESERVED = new Set([
  'admin',
  'administrator',
  'api',
  'auth',
  'me',
  'moderator',
  'root',
  'settings',
  'support',
  'system',
  'veza',
]);
const COMMON = new Set([
  '1234567890',
  'qwertyuiop',
  'password12',
  'password123',
  'iloveyou12',
  '1q2w3e4r5t',
  'qwerty1234',
  'letmein123',
  'passw0rd123',
  'abcdefghij',
  '0123456789',
  'aaaaaaaaaa',
]);
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

const invalid = (code: string, detail: string) =>
  new ProblemError(400, code, 'Invalid account details', detail);

export function checkUsername(username: string): void {
  if (!USERNAME.test(username))
    throw invalid(
      'username_invalid',
      'A username has 3 to 30 letters, digits, dots, dashes or underscores, and starts with a letter or digit',
    );
  if (RESERVED.has(username.toLowerCase())) throw invalid('username_reserved', `"${username}" is reserved`);
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkEmail(email: string): void {
  if (!/^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/.test(email) || email.length > 254)
    throw invalid('email_invalid', 'Enter an email address like name@example.com');
}

export function checkPassword(password: string, context: { username?: string; email?: string }): void {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    throw invalid('password_too_short', `A password has ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || new Set(lower).size < 4)
    throw invalid('password_too_common', 'This password is too easy to guess; pick a longer phrase');
  const personal = [context.username, context.email?.split('@')[0]].filter((part): part is string =>
    Boolean(part && part.length >= 3),
  );
  if (personal.some((part) => lower.includes(part.toLowerCase())))
    throw invalid('password_personal', 'A password must not contain your username or email');
}
