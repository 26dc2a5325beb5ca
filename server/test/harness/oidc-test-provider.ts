/// <reference path="./oidc-provider.d.ts" />
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextLike } from 'oidc-provider';
import { freePort } from './free-port.ts';

/** Someone who can sign in at the test provider, with the claims it releases about them. */
export interface TestPerson {
  sub: string;
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
}

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The person every following interaction signs in (the provider's login page is skipped). */
  signInAs(person: TestPerson): void;
  /** The next interaction answers `access_denied`, as when someone cancels at the provider. */
  denyNext(): void;
  close(): Promise<void>;
}

/**
 * Picks the issuer URL before anything starts: Veza reads its providers at start-up and the provider
 * needs Veza's callback URL, so the issuer is chosen first, Veza started, then the provider.
 */
export async function reserveIssuer(): Promise<{ port: number; issuer: string }> {
  const port = await freePort();
  return { port, issuer: `http://127.0.0.1:${port}` };
}

/** VEZA_OIDC_PROVIDERS for one provider entry. */
export const oidcProvidersEnv = (entry: {
  id: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  name?: string;
  responseMode?: 'query' | 'form_post';
}) => JSON.stringify([{ name: 'Test provider', ...entry }]);

/**
 * A real OpenID Provider (panva/oidc-provider) on 127.0.0.1 with one confidential client
 * (client_secret_basic, code flow, PKCE required). Interactions complete over HTTP without a page: the
 * interaction URL signs in whoever `signInAs` named, and consent is granted for what the client asks
 * (a first-party setup), so a fetch-driven test and a real browser both go straight through.
 */
export async function startOidcTestProvider(options: {
  port: number;
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
}): Promise<OidcTestProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = options.clientId ?? 'veza-test';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  const people = new Map<string, TestPerson>();
  let current: TestPerson | undefined;
  let deny = false;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
    features: { devInteractions: { enabled: false } },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['preferred_username'],
    },
    async findAccount(_ctx: unknown, sub: string) {
      const person = people.get(sub);
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ ...person }) };
    },
    // First-party client: whatever it asks for is granted without a consent page.
    async loadExistingGrant(ctx: KoaContextLike) {
      const { client, session, result, provider: op } = ctx.oidc;
      const existing = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (existing) return op.Grant.find(existing);
      if (!session.accountId) return undefined;
      const grant = new op.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['email', 'email_verified', 'preferred_username']);
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
  });
  const handle = provider.callback();

  async function interact(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    if (deny) {
      deny = false;
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The person cancelled' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (details.prompt.name !== 'login' || !current) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`unexpected prompt ${details.prompt.name}`);
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: current.sub } },
      { mergeWithLastSubmission: false },
    );
  }

  const server = createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interact(req, res).catch((error: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(error.message);
      });
      return;
    }
    handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(person) {
      people.set(person.sub, person);
      current = person;
    },
    denyNext() {
      deny = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
