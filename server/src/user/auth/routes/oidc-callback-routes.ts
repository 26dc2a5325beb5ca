import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { publicBase } from '../auth-mail.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { linkIdentity, signInOrRegister } from '../oidc/oidc-accounts.ts';
import { isBoundToBrowser, unbindFlow } from '../oidc/oidc-browser-binding.ts';
import { callbackUrl } from '../oidc/oidc-callback-url.ts';
import { identityFrom } from '../oidc/oidc-claims.ts';
import type { OidcClients } from '../oidc/oidc-clients.ts';
import { exchangeCode } from '../oidc/oidc-flow.ts';
import { type OidcFlow, takeFlow } from '../oidc/oidc-flow-store.ts';
import { oidcProblems } from '../oidc/oidc-problems.ts';
import { holdForSecondFactor } from '../oidc/oidc-second-factor.ts';
import { sealProviderTokens } from '../oidc/provider-tokens.ts';
import { deliverSession } from '../session-delivery.ts';
import type { SessionIssuer } from '../session-issuer.ts';
import { ProviderParams } from './provider-params.ts';

const AuthorizationResponse = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 2048 })),
    state: Type.Optional(Type.String({ maxLength: 512 })),
    iss: Type.Optional(Type.String({ maxLength: 2048 })),
    error: Type.Optional(Type.String({ maxLength: 256 })),
    error_description: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  // Providers add their own parameters (Google: scope, authuser, prompt); they are passed on untouched.
  { additionalProperties: true },
);

const schema = (summary: string, extra: object) => ({
  tags: ['auth'],
  summary,
  params: ProviderParams,
  ...extra,
  response: {
    302: Type.Null({
      description:
        'To returnTo with a cookie session (sign-in), to /settings/security (link), or to /sign-in?error=<code>',
    }),
    ...problemResponses(400, 403, 404, 409, 502),
  },
});

const wantsJson = (request: FastifyRequest) =>
  /\bapplication\/(problem\+)?json\b/.test(request.headers.accept ?? '');

/**
 * Where the provider sends the browser back. Browsers are redirected (to the page they came from, or to
 * `/sign-in?error=<code>`); a client asking for JSON gets the problem itself.
 */
export function oidcCallbackRoutes(
  app: VezaHttp,
  ctx: ServiceContext<AuthDb>,
  state: AuthState,
  sessions: SessionIssuer,
  clients: OidcClients,
): void {
  async function complete(
    request: FastifyRequest,
    reply: FastifyReply,
    providerId: string,
    response: URLSearchParams,
  ) {
    const base = publicBase(ctx.config, request);
    let flow: OidcFlow | null = null;
    try {
      const provider = clients.provider(providerId);
      const flowState = response.get('state');
      if (!flowState || !isBoundToBrowser(request, flowState)) throw oidcProblems.stateInvalid();
      flow = await takeFlow(ctx.cache, flowState);
      if (!flow || flow.provider !== provider.id) throw oidcProblems.stateInvalid();
      unbindFlow(reply);
      if (response.has('error')) throw oidcProblems.denied();
      const current = new URL(callbackUrl(ctx.config, request, provider.id));
      for (const [key, value] of response) current.searchParams.append(key, value);
      const { configuration, tokens } = await exchangeCode(
        clients,
        provider,
        flow,
        flowState,
        current,
        ctx.logger,
      );
      const identity = await identityFrom(configuration, tokens, ctx.logger);
      const verified = {
        provider: provider.id,
        identity,
        tokensEnc: sealProviderTokens(state.cipher, provider.id, identity.subject, tokens),
      };
      if (flow.linkAccountId) {
        await linkIdentity(ctx, state.cipher, ctx.metadataOf(request), flow.linkAccountId, verified);
        return reply.redirect(`${base}${flow.returnTo}`, 302);
      }
      const account = await signInOrRegister(ctx, state.cipher, ctx.metadataOf(request), verified);
      if (account.twoFactor) {
        await holdForSecondFactor(ctx.cache, reply, request, ctx.config, account.id);
        return reply.redirect(
          `${base}/sign-in?step=two-factor&returnTo=${encodeURIComponent(flow.returnTo)}`,
          302,
        );
      }
      deliverSession(reply, request, ctx.config, await sessions.start(account, request), 'cookie');
      return reply.redirect(`${base}${flow.returnTo}`, 302);
    } catch (error) {
      if (!(error instanceof ProblemError) || wantsJson(request)) throw error;
      const page = flow?.linkAccountId ? '/settings/security' : '/sign-in';
      return reply.redirect(`${base}${page}?error=${encodeURIComponent(error.code)}`, 302);
    }
  }

  app.get(
    '/auth/oidc/:provider/callback',
    {
      schema: schema('Where the provider returns the browser after a sign-in or link', {
        querystring: AuthorizationResponse,
      }),
    },
    async (request, reply) => {
      const query = request.raw.url?.split('?')[1] ?? '';
      return complete(request, reply, request.params.provider, new URLSearchParams(query));
    },
  );

  // Providers asked for response_mode=form_post (Apple) post the same parameters as a form.
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 65_536 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.post(
      '/auth/oidc/:provider/callback',
      {
        schema: schema('Where a form_post provider returns the browser after a sign-in or link', {
          body: AuthorizationResponse,
        }),
      },
      async (request, reply) => {
        const form = new URLSearchParams(request.body as Record<string, string>);
        return complete(request, reply, request.params.provider, form);
      },
    );
  });
}
