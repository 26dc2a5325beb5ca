import { createHmac } from 'node:crypto';

/**
 * Who a signed-out listener is, for the once-per-30-minutes rule: a keyed hash of their IP address and
 * user agent. Keyed (from the master key) so the stored value cannot be reversed by hashing every IPv4
 * address; the same in every process that shares VEZA_MASTER_KEY. A signed-in listener is their account.
 */
export class ListenerKeys {
  readonly #key: Buffer;

  constructor(masterKey: Buffer) {
    this.#key = createHmac('sha256', masterKey).update('veza anonymous listener key v1').digest();
  }

  of(listenerId: string | null, ip: string, userAgent: string | undefined): string {
    if (listenerId) return listenerId;
    const hash = createHmac('sha256', this.#key)
      .update(`${ip}\n${userAgent ?? ''}`)
      .digest('base64url');
    return `anon-${hash.slice(0, 32)}`;
  }
}
