import { defineService } from '../../kernel/service-module.ts';
import { chatAccountsConsumer } from './account-events-consumer.ts';
import { exportChat } from './chat-export.ts';
import { chatMigrations } from './chat-migrations.ts';
import type { ChatDb } from './chat-tables.ts';
import { auditLogRoutes } from './routes/audit-log-routes.ts';
import { channelRoutes } from './routes/channel-routes.ts';
import { communityRoutes } from './routes/community-routes.ts';
import { inviteRoutes } from './routes/invite-routes.ts';
import { memberRoutes } from './routes/member-routes.ts';
import { roleRoutes } from './routes/role-routes.ts';

/**
 * Communities (issue 5): channels in categories, roles with permission bitfields and per-channel
 * overwrites, invites, members and moderation (kick, ban, timeout), with the community's event stream as
 * its moderation log. Messages, DMs and the WebSocket gateway are other services that follow this one's
 * events (social/shared/chat-events.ts) and compute permissions with social/shared/community-permissions.ts.
 */
export const chatService = defineService<ChatDb>({
  name: 'chat',
  areas: ['communities', 'invites'],
  migrations: chatMigrations,
  routes(app, ctx) {
    communityRoutes(app, ctx);
    channelRoutes(app, ctx);
    roleRoutes(app, ctx);
    memberRoutes(app, ctx);
    inviteRoutes(app, ctx);
    auditLogRoutes(app, ctx);
  },
  consumers: () => [chatAccountsConsumer()],
  exportUserData: exportChat,
});
