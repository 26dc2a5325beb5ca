import { type Static, Type } from 'typebox';
import type { VezaHttp } from '../service-module.ts';
import { API_PREFIX } from './openapi.ts';

export const StatusSchema = Type.Object({
  name: Type.Literal('Veza'),
  version: Type.String(),
  mode: Type.Union([Type.Literal('embedded'), Type.Literal('distributed')]),
  services: Type.Array(Type.String()),
  adapters: Type.Record(Type.String(), Type.String()),
});

export type Status = Static<typeof StatusSchema>;

/** What this process is and runs: shown on the web app's status page. */
export function registerStatusRoute(app: VezaHttp, status: Status): void {
  app.get(
    `${API_PREFIX}/status`,
    { schema: { tags: ['operations'], operationId: 'getStatus', response: { 200: StatusSchema } } },
    async () => status,
  );
}
