import { type Static, Type } from 'typebox';
import type { VezaHttp } from '../service-module.ts';
import type { KeySource } from './token-verifier.ts';

export const JWKS_PATH = '/.well-known/jwks.json';

const Jwks = Type.Object({
  keys: Type.Array(
    Type.Object(
      { kid: Type.String(), kty: Type.String(), crv: Type.String(), x: Type.String() },
      { additionalProperties: true },
    ),
  ),
});

/** Served by the process that issues tokens: the current signing key and those still in their grace period. */
export function registerJwksRoute(app: VezaHttp, keys: KeySource): void {
  app.get(
    JWKS_PATH,
    { schema: { tags: ['auth'], summary: 'Public keys that verify access tokens', response: { 200: Jwks } } },
    async (_request, reply) => {
      // Short-lived: verifiers refetch on an unknown kid anyway, and a removed key must disappear soon.
      reply.header('cache-control', 'public, max-age=60');
      return (await keys()) as Static<typeof Jwks>;
    },
  );
}
