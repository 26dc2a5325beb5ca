import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { VezaHttp } from '../service-module.ts';

export const API_PREFIX = '/api/v1';

/**
 * OpenAPI 3.1 generated from the route schemas: JSON at /api/docs/openapi.json, browsable at
 * /api/docs. Must be registered before the routes it documents.
 */
export async function registerOpenApi(app: VezaHttp, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Veza API',
        version,
        description:
          'Errors are RFC 9457 problem+json bodies with a stable `code`. Lists use cursor pagination.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'veza_access' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { url: '/api/docs/openapi.json' } });
  app.get('/api/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
