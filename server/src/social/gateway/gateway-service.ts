import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { defineService, type ServiceContext } from '../../kernel/service-module.ts';
import { GatewayHub } from './gateway-hub.ts';
import { defaultGatewayOptions, type GatewayOptions } from './gateway-options.ts';
import type { GatewayAuthorizer, ReadyStateProvider } from './gateway-plugins.ts';
import { openGatewayStores } from './gateway-stores.ts';

export const GATEWAY_PATH = '/gateway';

export interface GatewayServiceOptions extends Partial<GatewayOptions> {
  /** Which topics each user receives (beyond its own `user:<id>`); chat and messages add theirs. */
  authorizers?: readonly GatewayAuthorizer[];
  readyProviders?: readonly ReadyStateProvider[];
  /**
   * Plugins that need the process's other services (e.g. the messages service's read model), built at the
   * gateway's setup, after the services before it in start order.
   */
  plugins?: readonly ((context: ServiceContext) => GatewayPlugins)[];
}

export interface GatewayPlugins {
  authorizers?: readonly GatewayAuthorizer[];
  readyProviders?: readonly ReadyStateProvider[];
}

/**
 * The real-time gateway (`/gateway`, WebSocket): a service without tables that joins the process's HTTP
 * server on its `upgrade` event. Which domain data it carries is plugged in (authorizers, READY providers);
 * services send dispatches with a GatewayPublisher.
 */
export function gatewayService(serviceOptions: GatewayServiceOptions = {}) {
  const { authorizers = [], readyProviders = [], plugins = [], ...limits } = serviceOptions;
  const options: GatewayOptions = { ...defaultGatewayOptions, ...limits };
  return defineService<unknown, { hub: GatewayHub; close(): Promise<void> }>({
    name: 'gateway',
    areas: [],
    migrations: [],
    async setup(context) {
      const stores = openGatewayStores(context.config, options);
      const built = plugins.map((plugin) => plugin(context));
      const hub = new GatewayHub({
        options,
        logger: context.logger,
        pubsub: context.pubsub,
        ...stores,
        verifyAccessToken: (token) => context.verifyAccessToken(token),
        authorizers: [...authorizers, ...built.flatMap((plugin) => plugin.authorizers ?? [])],
        readyProviders: [...readyProviders, ...built.flatMap((plugin) => plugin.readyProviders ?? [])],
      });
      if (context.background) await hub.start();
      return {
        hub,
        // Clients were sent away when the HTTP server closed (preClose); the stores close last.
        async close() {
          await hub.sendAway();
          await Promise.allSettled([stores.log.close(), stores.sessions.close(), stores.presence.close()]);
        },
      };
    },
    routes(app, _context, { hub }) {
      const wss = new WebSocketServer({
        noServer: true,
        maxPayload: options.maxPayloadBytes,
        perMessageDeflate: {
          // Small frames (acks, typing) are cheaper sent as they are; level 1 is most of the gain for JSON.
          threshold: 1024,
          zlibDeflateOptions: { level: 1 },
          // No context kept between messages: an idle connection holds no zlib window (memory per client).
          serverNoContextTakeover: true,
          clientNoContextTakeover: true,
          concurrencyLimit: 10,
        },
      });
      const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (new URL(request.url ?? '/', 'http://veza').pathname !== GATEWAY_PATH) {
          socket.destroy();
          return;
        }
        wss.handleUpgrade(request, socket, head, (ws) => hub.accept(ws));
      };
      app.server.on('upgrade', upgrade);
      // Before the HTTP server waits for its connections: upgraded sockets would hold it open.
      app.addHook('preClose', async () => {
        app.server.off('upgrade', upgrade);
        await hub.sendAway();
        const closing = [...wss.clients].map(
          (ws) =>
            new Promise<void>((resolve) =>
              ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve()),
            ),
        );
        await Promise.all(closing);
        wss.close();
      });
    },
  });
}
