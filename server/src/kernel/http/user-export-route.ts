import { Type } from 'typebox';
import { requireUser, secured } from '../auth/auth-guard.ts';
import type { HostedService } from '../runtime/service-host.ts';
import type { VezaHttp } from '../service-module.ts';
import { API_PREFIX } from './openapi.ts';
import { problemResponses } from './problem-schema.ts';

export const USER_EXPORT_PATH = `${API_PREFIX}/users/me/export`;

const UserExport = Type.Object({
  exportedAt: Type.String({ format: 'date-time' }),
  userId: Type.String(),
  services: Type.Record(Type.String(), Type.Unknown(), {
    description: "Each service's part, under its name (auth: account, sessions, providers, events)",
  }),
});

/**
 * The signed-in account's data export: one JSON attachment gathering what every service hosted in this
 * process holds about the caller (ServiceModule.exportUserData). The kernel owns the route so that no
 * service reaches into another; in split mode it lists only the services of the process serving it
 * (docs/decisions/0002-identity.md, "Deletion and export").
 */
export function registerUserExportRoute(app: VezaHttp, hosted: readonly HostedService[]): void {
  const contributors = hosted.filter(({ module }) => module.exportUserData);
  app.get(
    USER_EXPORT_PATH,
    {
      schema: {
        tags: ['users'],
        summary: 'Download what Veza holds about you (JSON attachment)',
        ...secured(),
        response: { 200: UserExport, ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request).sub;
      const services: Record<string, unknown> = {};
      for (const { module, context, state } of contributors)
        services[module.name] = await module.exportUserData!(context, state as undefined, userId);
      const exportedAt = new Date().toISOString();
      reply.header(
        'content-disposition',
        `attachment; filename="veza-export-${exportedAt.slice(0, 10)}.json"`,
      );
      reply.header('cache-control', 'no-store');
      return { exportedAt, userId, services };
    },
  );
}
