import { ApiError } from './api-error.ts';

/** Which account field a problem code is about (`username_taken` → `username`), to mark that input invalid. */
export function problemField(error: unknown): 'email' | 'username' | 'password' | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const [field] = error.code.split('_');
  return field === 'email' || field === 'username' || field === 'password' ? field : undefined;
}

export const problemCode = (error: unknown): string | undefined =>
  error instanceof ApiError ? error.code : undefined;
