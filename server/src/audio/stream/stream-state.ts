import { loadMasterKey } from '../../kernel/crypto/master-key.ts';
import { RateLimiter } from '../../kernel/rate-limit/rate-limiter.ts';
import type { ServiceContext } from '../../kernel/service-module.ts';
import { MediaUrlSigner } from '../shared/media-url-signature.ts';
import { ListenerKeys } from './listener-key.ts';
import { PlaySessions } from './play-sessions.ts';
import type { StreamDb } from './stream-tables.ts';
import { TrackAccessCache } from './track-access-cache.ts';
import { loadTrackAccess } from './track-access-store.ts';

/** Tells every stream process that a track's read-model row changed (pub/sub: Redis when distributed). */
const TRACK_CHANGED_CHANNEL = 'stream.track-changed';
/** Bounds how long a lost invalidation (pub/sub is at most once) can keep an old answer. */
const ACCESS_TTL_MS = 10_000;
const ACCESS_MAX_ENTRIES = 50_000;
/**
 * The projection announces a change before its transaction commits, so a request in between can cache
 * the old row again: each process drops the entry once more this much later.
 */
const SECOND_INVALIDATION_MS = 1_000;
const SWEEP_INTERVAL_MS = 10 * 60_000;

/** What the stream service keeps for its process's lifetime. */
export interface StreamState {
  signer: MediaUrlSigner;
  tracks: TrackAccessCache;
  listenerKeys: ListenerKeys;
  limiter: RateLimiter;
  plays: PlaySessions;
  trackChanged(trackId: string): Promise<void>;
  close(): Promise<void>;
}

export async function openStreamState(ctx: ServiceContext<StreamDb>): Promise<StreamState> {
  const masterKey = await loadMasterKey(ctx.config);
  const tracks = new TrackAccessCache((trackId) => loadTrackAccess(ctx.db, trackId), {
    ttlMs: ACCESS_TTL_MS,
    maxEntries: ACCESS_MAX_ENTRIES,
  });
  const unsubscribe = await ctx.pubsub.subscribe(TRACK_CHANGED_CHANNEL, (trackId) => {
    tracks.invalidate(trackId);
    setTimeout(() => tracks.invalidate(trackId), SECOND_INVALIDATION_MS).unref();
  });
  const plays = new PlaySessions(ctx);
  const sweeper = setInterval(() => {
    plays.sweep().catch((error) => ctx.logger.warn({ err: error }, 'play session sweep failed'));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  return {
    signer: new MediaUrlSigner(masterKey),
    tracks,
    listenerKeys: new ListenerKeys(masterKey),
    limiter: new RateLimiter(ctx.cache),
    plays,
    trackChanged: (trackId) => ctx.pubsub.publish(TRACK_CHANGED_CHANNEL, trackId),
    async close() {
      clearInterval(sweeper);
      await unsubscribe();
    },
  };
}
