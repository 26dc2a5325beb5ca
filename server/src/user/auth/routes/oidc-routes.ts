import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { Limit } from '../../../kernel/rate-limit/rate-limiter.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { unlinkProvider } from '../oidc/oidc-accounts.ts';
import { bindFlowToBrowser } from '../oidc/oidc-browser-binding.ts';
import { callbackUrl } from '../oidc/oidc-callback-url.ts';
import { OidcClients } from '../oidc/oidc-clients.ts';
import { beginFlow } from '../oidc/oidc-flow.ts';
import { parseOidcProviders } from '../oidc/oidc-provider-config.ts';
import { checkReturnTo } from '../oidc/oidc-return-path.ts';
import type { SessionIssuer } from '../session-issuer.ts';
import { oidcCallbackRoutes } from './oidc-callback-routes.ts';
import { oidcSecondFactorRoutes } from './oidc-second-factor-routes.ts';
import { ProviderParams } from './provider-params.ts';

/** Each started flow holds a cache entry for 10 minutes: one address may not fill the cache with them. */
const START_LIMIT: Limit = { name: 'oidc-start:ip', max: 60, windowSeconds: 900 };

/**
 * Sign-in with OpenID Connect providers (VEZA_OIDC_PROVIDERS, parsed here at start-up), and linking and
 * unlinking them on an account.
 */
export function oidcRoutes(
  app: VezaHttp,
  ctx: ServiceContext<AuthDb>,
  state: AuthState,
  sessions: SessionIssuer,
): void {
  const clients = new OidcClients(parseOidcProviders(ctx.config.oidcProviders), ctx.logger);

  app.get(
    '/auth/providers',
    {
      schema: {
        tags: ['auth'],
        summary: 'The sign-in providers configured on this Veza',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) }),
        },
      },
    },
    async () => ({ items: clients.list() }),
  );

  app.get(
    '/auth/oidc/:provider/start',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a provider: redirects to it (authorization code flow with PKCE)',
        params: ProviderParams,
        querystring: Type.Object({
          returnTo: Type.Optional(
            Type.String({ maxLength: 512, description: 'A path on this site to land on afterwards' }),
          ),
        }),
        response: {
          302: Type.Null({ description: "Redirect to the provider's authorization endpoint" }),
          ...problemResponses(400, 404, 429, 502),
        },
      },
    },
    async (request, reply) => {
      const provider = clients.provider(request.params.provider);
      const returnTo = checkReturnTo(request.query.returnTo);
      await state.limiter.hit(START_LIMIT, request.ip);
      const flow = await beginFlow(
        clients,
        ctx.cache,
        provider,
        callbackUrl(ctx.config, request, provider.id),
        {
          returnTo,
          linkAccountId: null,
        },
      );
      bindFlowToBrowser(reply, request, ctx.config, flow.state, provider.responseMode);
      return reply.redirect(flow.url, 302);
    },
  );

  app.post(
    '/auth/oidc/:provider/link',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start linking a provider to the signed-in account; visit the returned URL',
        ...secured(),
        params: ProviderParams,
        response: {
          200: Type.Object({ url: Type.String({ description: 'The provider page to send the browser to' }) }),
          ...problemResponses(401, 403, 404, 429, 502),
        },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      const provider = clients.provider(request.params.provider);
      await state.limiter.hit(START_LIMIT, request.ip);
      const flow = await beginFlow(
        clients,
        ctx.cache,
        provider,
        callbackUrl(ctx.config, request, provider.id),
        {
          returnTo: '/settings/security',
          linkAccountId: auth.sub,
        },
      );
      bindFlowToBrowser(reply, request, ctx.config, flow.state, provider.responseMode);
      return { url: flow.url };
    },
  );

  app.delete(
    '/auth/providers/:provider',
    {
      schema: {
        tags: ['auth'],
        summary: 'Unlink a provider from the signed-in account (not its last way to sign in)',
        ...secured(),
        params: ProviderParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      await unlinkProvider(ctx, ctx.metadataOf(request), auth.sub, request.params.provider);
      return reply.code(204).send(null);
    },
  );

  oidcCallbackRoutes(app, ctx, state, sessions, clients);
  oidcSecondFactorRoutes(app, ctx, state, sessions);
}
