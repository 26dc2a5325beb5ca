import { defineService } from '../../kernel/service-module.ts';
import type { GatewayPublisher } from '../gateway/gateway-publisher.ts';
import { openGatewayPublisher } from '../gateway/gateway-stores.ts';
import { messagesAccountsConsumer } from './account-events-consumer.ts';
import { chatEventsConsumer } from './chat-events-consumer.ts';
import { linkMessagesToGateway } from './gateway-access.ts';
import { gatewayDispatchConsumer } from './gateway-dispatch-consumer.ts';
import { messageMigrations } from './message-migrations.ts';
import type { MessagesDb } from './message-tables.ts';
import { exportMessages } from './messages-export.ts';
import { blockRoutes } from './routes/block-routes.ts';
import { dmRoutes } from './routes/dm-routes.ts';
import { messageRoutes } from './routes/message-routes.ts';
import { reactionAndPinRoutes } from './routes/reaction-and-pin-routes.ts';
import { readStateRoutes } from './routes/read-state-routes.ts';
import { searchRoutes } from './routes/search-routes.ts';

/**
 * Messages (issue 5) in community channels and DMs: send, edit (history kept), delete, replies, mentions,
 * reactions, pins, and per-user read states with unread and mention counts. Who may do what in a community
 * channel comes from a read model of the chat service's events (chat-events-consumer.ts) and the shared
 * permission rules; each change appends an event with the whole message to the channel's stream
 * (social/shared/message-events.ts), which gateway-dispatch-consumer.ts sends to the WebSocket gateway;
 * gateway-access.ts tells the gateway (same process) who may receive which channel.
 */
export const messagesService = defineService<
  MessagesDb,
  { publisher: GatewayPublisher; close(): Promise<void> }
>({
  name: 'messages',
  areas: ['messages'],
  migrations: messageMigrations,
  async setup(context) {
    const { publisher, close } = openGatewayPublisher(context.config, context.pubsub);
    const unlink = linkMessagesToGateway(context);
    return {
      publisher,
      async close() {
        unlink();
        await close();
      },
    };
  },
  routes(app, ctx) {
    messageRoutes(app, ctx);
    reactionAndPinRoutes(app, ctx);
    readStateRoutes(app, ctx);
    dmRoutes(app, ctx);
    blockRoutes(app, ctx);
    searchRoutes(app, ctx);
  },
  consumers: (context, { publisher }) => [
    chatEventsConsumer(context),
    messagesAccountsConsumer(),
    gatewayDispatchConsumer(publisher, context.pubsub),
  ],
  exportUserData: exportMessages,
});
