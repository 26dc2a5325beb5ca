import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { loadMe, Me } from '../account-view.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';

export function meRoutes(app: VezaHttp, ctx: ServiceContext<AuthDb>, state: AuthState): void {
  app.get(
    '/users/me',
    {
      schema: {
        tags: ['users'],
        summary: 'The signed-in account',
        ...secured(),
        response: { 200: Me, ...problemResponses(401, 404) },
      },
    },
    async (request) => loadMe(ctx.db, state.cipher, requireUser(request).sub),
  );
}
