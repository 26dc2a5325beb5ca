import { createHash, randomBytes } from 'node:crypto';

/** An opaque secret (refresh token, emailed link, recovery code): 256 bits, URL-safe. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Only the SHA-256 of a secret is stored: a database leak yields nothing to present. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
