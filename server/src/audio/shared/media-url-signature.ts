import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring media URLs for private and unlisted tracks (issue 4). The tracks service, which knows
 * who may listen, signs; the stream service, which serves the bytes, verifies; both derive the key from the
 * master key, so processes that share VEZA_MASTER_KEY agree without a call.
 *
 * A signature is bound to one track (every version and file of it: one token serves a master playlist and
 * the segment URLs it lists) and to an expiry: `t=<expires unix seconds>.<base64url HMAC-SHA256>`.
 */
export class MediaUrlSigner {
  readonly #key: Buffer;

  constructor(masterKey: Buffer) {
    this.#key = createHmac('sha256', masterKey).update('veza media url signing v1').digest();
  }

  sign(trackId: string, expiresAt: Date): string {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    return `${expires}.${this.#mac(trackId, expires)}`;
  }

  /** 'valid', or why not: a malformed token and a wrong track or key read the same ('invalid'). */
  verify(trackId: string, token: string, now = new Date()): 'valid' | 'expired' | 'invalid' {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return 'invalid';
    const expires = Number(match[1]);
    const given = Buffer.from(match[2] as string, 'base64url');
    const expected = Buffer.from(this.#mac(trackId, expires), 'base64url');
    if (!timingSafeEqual(given, expected)) return 'invalid';
    return expires * 1000 <= now.getTime() ? 'expired' : 'valid';
  }

  #mac(trackId: string, expires: number): string {
    return createHmac('sha256', this.#key).update(`${trackId}\n${expires}`).digest('base64url');
  }
}

/** The query parameter that carries the token. */
export const MEDIA_TOKEN_PARAM = 't';
