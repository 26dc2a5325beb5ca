import type { PubSub } from '../../kernel/pubsub/pubsub.ts';

/**
 * What the gateway asks the domain services, without knowing their internals: which topics a user may
 * receive (checked at IDENTIFY/RESUME and again on a permissions-changed signal), where the user's presence
 * is announced, and what READY carries. Chat and messages implement these; tests use fixtures.
 */
export interface GatewayAuthorizer {
  /** Topics whose dispatches the user may receive, e.g. `channel:<id>` for each channel it can view. */
  topicsFor(userId: string): Promise<readonly string[]>;
  /** Topics where the user's presence changes are published (e.g. its communities); none by default. */
  presenceTopicsFor?(userId: string): Promise<readonly string[]>;
}

/** Adds its part to READY (communities, channels, read states, friends' presence…). */
export type ReadyStateProvider = (userId: string) => Promise<Record<string, unknown>>;

/** Every user's own topic: account-wide dispatches (DMs, read states, its other devices' settings). */
export const userTopic = (userId: string) => `user:${userId}`;

const PERMISSIONS_CHANNEL = 'gateway:permissions-changed';

/**
 * Tells every gateway process that what these users may see changed (role edited, channel overwrite,
 * kick): their connections' topics are evaluated again. `null` means everyone.
 */
export async function signalPermissionsChanged(
  pubsub: PubSub,
  userIds: readonly string[] | null,
): Promise<void> {
  await pubsub.publish(PERMISSIONS_CHANNEL, JSON.stringify({ userIds }));
}

export async function onPermissionsChanged(
  pubsub: PubSub,
  listener: (userIds: readonly string[] | null) => void,
): Promise<() => Promise<void>> {
  return pubsub.subscribe(PERMISSIONS_CHANNEL, (text) => listener(JSON.parse(text).userIds));
}
