import type { PubSub } from '../../kernel/pubsub/pubsub.ts';
import type { Consumer } from '../../kernel/service-module.ts';
import { signalPermissionsChanged } from '../gateway/gateway-plugins.ts';
import type { GatewayPublisher } from '../gateway/gateway-publisher.ts';
import type { MessageEventData, MessageEventType } from '../shared/message-events.ts';
import { channelTopic } from './gateway-access.ts';

/** The gateway event name of each message event; DmChannelCreated has no dispatch yet (see below). */
const DISPATCH_NAMES: Partial<Record<MessageEventType, string>> = {
  MessageCreated: 'MESSAGE_CREATE',
  MessageUpdated: 'MESSAGE_UPDATE',
  MessageDeleted: 'MESSAGE_DELETE',
  ReactionAdded: 'REACTION_ADD',
  ReactionRemoved: 'REACTION_REMOVE',
  MessagePinned: 'MESSAGE_PIN',
  MessageUnpinned: 'MESSAGE_UNPIN',
};

/**
 * Sends the service's own committed events to the gateway topic of their channel, in the order of the
 * channel's stream. The event data is the dispatch (whole message after the change), minus who was
 * notified: mention recipients are private to them. At-least-once like the bus: a redelivered event is
 * dispatched again (clients upsert by message id). A new DM (committed, since this reads committed
 * events) makes its participants' connections take its topic.
 */
export function gatewayDispatchConsumer(publisher: GatewayPublisher, pubsub: PubSub): Consumer {
  return {
    group: 'messages.gateway',
    events: ['messages.*'],
    async handle(event) {
      if (event.type === 'DmChannelCreated') {
        const { channel } = event.data as MessageEventData['DmChannelCreated'];
        return signalPermissionsChanged(pubsub, channel.participantIds);
      }
      const t = DISPATCH_NAMES[event.type as MessageEventType];
      if (!t) return;
      const data = event.data as MessageEventData[Exclude<MessageEventType, 'DmChannelCreated'>];
      const channelId = 'message' in data ? data.message.channelId : data.channelId;
      const { notifiedUserIds: _private, ...d } = data as { notifiedUserIds?: string[] };
      await publisher.dispatch(channelTopic(channelId), t, d);
    },
  };
}
