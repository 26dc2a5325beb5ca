import * as client from 'openid-client';
import type { Logger } from 'pino';
import { oidcProblems } from './oidc-problems.ts';
import type { OidcProviderConfig } from './oidc-provider-config.ts';

/** Seconds an HTTP call to a provider may take before the sign-in is answered as unavailable. */
const TIMEOUT_SECONDS = 10;
/** Provider metadata is re-read daily, so a provider's new endpoints are picked up without a restart. */
const REDISCOVER_MS = 24 * 3600_000;
/** After a failed discovery, requests within this delay fail fast instead of each waiting on a dead host. */
const RETRY_AFTER_FAILURE_MS = 10_000;

interface Discovered {
  configuration: Promise<client.Configuration>;
  at: number;
}

const isLoopbackHttp = (issuer: string) => issuer.startsWith('http:');

/**
 * The configured providers and their discovered metadata. Discovery is lazy and per provider: Veza starts
 * while a provider is down, and only sign-ins through that provider fail until it is back.
 */
export class OidcClients {
  private readonly byId: ReadonlyMap<string, OidcProviderConfig>;
  private readonly discovered = new Map<string, Discovered>();

  constructor(
    providers: readonly OidcProviderConfig[],
    private readonly logger: Logger,
  ) {
    this.byId = new Map(providers.map((provider) => [provider.id, provider]));
  }

  list(): { id: string; name: string }[] {
    return [...this.byId.values()].map(({ id, name }) => ({ id, name }));
  }

  provider(id: string): OidcProviderConfig {
    const provider = this.byId.get(id);
    if (!provider) throw oidcProblems.providerUnknown(id);
    return provider;
  }

  async configuration(provider: OidcProviderConfig): Promise<client.Configuration> {
    let entry = this.discovered.get(provider.id);
    if (!entry || Date.now() - entry.at > REDISCOVER_MS) {
      entry = { configuration: this.discover(provider), at: Date.now() };
      this.discovered.set(provider.id, entry);
      const failed = entry;
      failed.configuration.catch((error) => {
        this.logger.warn({ err: error, provider: provider.id }, 'OIDC discovery failed');
        setTimeout(() => {
          if (this.discovered.get(provider.id) === failed) this.discovered.delete(provider.id);
        }, RETRY_AFTER_FAILURE_MS).unref();
      });
    }
    try {
      return await entry.configuration;
    } catch {
      throw oidcProblems.providerUnavailable();
    }
  }

  private async discover(provider: OidcProviderConfig): Promise<client.Configuration> {
    const insecure = isLoopbackHttp(provider.issuer);
    const discovered = await client.discovery(
      new URL(provider.issuer),
      provider.clientId,
      provider.clientSecret,
      client.ClientSecretBasic(provider.clientSecret),
      { timeout: TIMEOUT_SECONDS, ...(insecure ? { execute: [client.allowInsecureRequests] } : {}) },
    );
    // RFC 8414: a server that lists no methods supports client_secret_basic. Some (Apple) only take the
    // secret in the body.
    const methods = discovered.serverMetadata().token_endpoint_auth_methods_supported;
    if (!methods || methods.includes('client_secret_basic')) return discovered;
    const configuration = new client.Configuration(
      discovered.serverMetadata(),
      provider.clientId,
      provider.clientSecret,
      client.ClientSecretPost(provider.clientSecret),
    );
    configuration.timeout = TIMEOUT_SECONDS;
    if (insecure) client.allowInsecureRequests(configuration);
    return configuration;
  }
}
