import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Migration } from '../db/migrations.ts';

/** A service that encrypts fields lists this migration among its own: its data keys live in its schema. */
export const dataKeysMigration: Migration = {
  name: '0000-data-keys',
  async up(db) {
    await sql`create table data_keys (
      id text primary key,
      wrapped text not null,
      active boolean not null default false,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create unique index data_keys_one_active on data_keys (active) where active`.execute(db);
  },
};

interface DataKeysDb {
  data_keys: { id: string; wrapped: string; active: boolean; created_at: Date };
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const derive = (master: Buffer, schema: string, info: string) =>
  Buffer.from(hkdfSync('sha256', master, schema, info, 32));

/**
 * Encrypts sensitive fields (AES-256-GCM) under data keys that are themselves wrapped by the master key,
 * so a stolen database dump reads as noise. A stored value names its key (`v1.<kid>.<payload>`), so keys
 * rotate without a migration: old values stay readable and are re-encrypted lazily when `isStale` says so.
 * Lookups by value (email) go through `hash`, an HMAC under a key that does not rotate.
 */
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  private activeId = '';

  private constructor(
    // biome-ignore lint/suspicious/noExplicitAny: any service schema that holds data_keys
    private readonly db: Kysely<any>,
    private readonly wrapKey: Buffer,
    private readonly hashKey: Buffer,
  ) {}

  // biome-ignore lint/suspicious/noExplicitAny: any service schema that holds data_keys
  static async open(db: Kysely<any>, masterKey: Buffer, schema: string): Promise<FieldCipher> {
    const cipher = new FieldCipher(
      db,
      derive(masterKey, schema, 'veza data-key wrap'),
      derive(masterKey, schema, 'veza keyed hash'),
    );
    await cipher.load();
    // Two processes starting together may both try: the unique index lets one win, the other reloads.
    if (!cipher.activeId) await cipher.rotate().catch(() => cipher.load());
    if (!cipher.activeId) throw new Error(`no active data key in ${schema}`);
    return cipher;
  }

  get activeKeyId(): string {
    return this.activeId;
  }

  /** `context` (e.g. `accounts.email:<id>`) is bound as associated data: a value moved to another row fails. */
  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeId)!, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const payload = Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    return `${VERSION}.${this.activeId}.${payload}`;
  }

  async decrypt(stored: string, context: string): Promise<string> {
    const [version, kid, payload] = stored.split('.');
    if (version !== VERSION || !kid || !payload) throw new Error('not an encrypted field value');
    if (!this.keys.has(kid)) await this.load();
    const key = this.keys.get(kid);
    if (!key) throw new Error(`unknown data key ${kid}`);
    const bytes = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** True when the value was written under a key other than the active one: re-encrypt it on the next write. */
  isStale(stored: string): boolean {
    return stored.split('.')[1] !== this.activeId;
  }

  /** A keyed hash for equality lookups (hex HMAC-SHA256); stable across data-key rotations. */
  hash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value).digest('hex');
  }

  /** Makes a new data key the active one; values under older keys stay readable. */
  async rotate(): Promise<string> {
    const id = randomBytes(6).toString('base64url');
    const key = randomBytes(32);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('data_keys').set({ active: false }).where('active', '=', true).execute();
      await trx
        .insertInto('data_keys')
        .values({ id, wrapped: this.wrap(key), active: true })
        .execute();
    });
    await this.load();
    return id;
  }

  /** Reloads the key ring, so a rotation made by another process is picked up. */
  async load(): Promise<void> {
    const rows = await (this.db as Kysely<DataKeysDb>).selectFrom('data_keys').selectAll().execute();
    for (const row of rows) {
      if (!this.keys.has(row.id)) this.keys.set(row.id, this.unwrap(row.wrapped));
      if (row.active) this.activeId = row.id;
    }
  }

  private wrap(key: Buffer): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.wrapKey, iv);
    return Buffer.concat([iv, cipher.update(key), cipher.final(), cipher.getAuthTag()]).toString('base64');
  }

  private unwrap(wrapped: string): Buffer {
    const bytes = Buffer.from(wrapped, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.wrapKey, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
  }
}
