import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { Logger } from 'pino';
import type { VezaHttp } from '../service-module.ts';
import { sendRouteNotFound } from './problem-handler.ts';

const NOT_SPA = /^\/(api|health|metrics|gateway)(\/|$)/;

/**
 * Serves the built web app at `/`, and answers every unmatched request: a GET that asks for HTML
 * gets index.html (client-side routes survive a reload), anything else a problem+json 404.
 */
export async function registerWebApp(app: VezaHttp, distDir: string, logger: Logger): Promise<boolean> {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(index)) {
    logger.warn({ distDir }, 'web app not built (npm run build:web): serving the API only');
    app.setNotFoundHandler(sendRouteNotFound);
    return false;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: 'index.html',
    setHeaders(reply, file) {
      // Vite fingerprints everything under assets/: cache forever; index.html must revalidate.
      reply.header(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (request.method === 'GET' && !NOT_SPA.test(path) && request.headers.accept?.includes('text/html')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendRouteNotFound(request, reply);
  });
  return true;
}
