import { streamService } from './audio/stream/stream-service.ts';
import { tracksService } from './audio/tracks/tracks-service.ts';
import { transcodeService } from './audio/transcode-service/transcode-service.ts';
import type { ServiceModule } from './kernel/service-module.ts';
import { chatService } from './social/chat/chat-service.ts';
import { gatewayService } from './social/gateway/gateway-service.ts';
import { messagesGatewayPlugins } from './social/messages/gateway-access.ts';
import { messagesService } from './social/messages/messages-service.ts';
import { authService } from './user/auth/auth-service.ts';
import { profilesService } from './user/profiles/profiles-service.ts';

/**
 * Every service of the platform, in start order. `veza start --services=a,b` picks from this list;
 * without the flag, all of them run in one process. Domain services join here as they are built.
 */
export const services: readonly ServiceModule[] = [
  authService,
  profilesService,
  tracksService,
  transcodeService,
  streamService,
  chatService,
  messagesService,
  // After messages: the gateway reads its read model in this process (gateway-access.ts).
  gatewayService({ plugins: [messagesGatewayPlugins] }),
];
