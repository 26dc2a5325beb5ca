import type { FastifyRequest } from 'fastify';
import type { Config } from '../../../kernel/config/config-schema.ts';
import { publicBase } from '../auth-mail.ts';

/**
 * Where a provider sends the browser back: the redirect URI to register at the provider. It follows
 * VEZA_PUBLIC_URL, so behind a proxy that variable must name the address browsers use.
 */
export const callbackUrl = (config: Config, request: FastifyRequest, provider: string) =>
  `${publicBase(config, request)}/api/v1/auth/oidc/${provider}/callback`;
