import type { Kysely } from 'kysely';
import { FieldCipher } from '../../kernel/crypto/field-cipher.ts';
import { loadMasterKey } from '../../kernel/crypto/master-key.ts';
import { RateLimiter } from '../../kernel/rate-limit/rate-limiter.ts';
import type { ServiceContext } from '../../kernel/service-module.ts';
import type { AuthDb } from './auth-tables.ts';
import { SigningKeyRing } from './signing-key-ring.ts';

/** What the auth service keeps for its lifetime: the field cipher, the signing keys and the rate limiter. */
export interface AuthState {
  cipher: FieldCipher;
  keys: SigningKeyRing;
  limiter: RateLimiter;
  close(): Promise<void>;
}

export async function openAuthState(context: ServiceContext<AuthDb>): Promise<AuthState> {
  const { config } = context;
  const cipher = await FieldCipher.open(
    context.db as Kysely<unknown>,
    await loadMasterKey(config),
    context.name,
  );
  const keys = new SigningKeyRing(context.db, cipher, {
    rotationSeconds: config.signingKeyRotationSeconds,
    tokenTtlSeconds: config.accessTokenTtlSeconds,
  });
  await keys.rotateIfDue();
  const every = Math.max(250, Math.min((config.signingKeyRotationSeconds * 1000) / 4, 60_000));
  const timer = setInterval(() => {
    keys.rotateIfDue().catch((error) => context.logger.error({ err: error }, 'signing key rotation failed'));
  }, every);
  timer.unref();
  // A data key rotated from another process (`veza keys rotate-data-key`) becomes the one written with here.
  const cipherTimer = setInterval(() => {
    cipher.load().catch((error) => context.logger.error({ err: error }, 'data key reload failed'));
  }, 60_000);
  cipherTimer.unref();
  return {
    cipher,
    keys,
    limiter: new RateLimiter(context.cache),
    async close() {
      clearInterval(timer);
      clearInterval(cipherTimer);
    },
  };
}
