import { loadMasterKey } from '../../kernel/crypto/master-key.ts';
import type { ServiceContext } from '../../kernel/service-module.ts';
import { MediaUrlSigner } from '../shared/media-url-signature.ts';
import { locateMediaTools, type MediaTools } from '../transcode/media-tools.ts';
import type { TracksDb } from './track-tables.ts';
import type { ViewContext } from './track-view.ts';

/** What the tracks service keeps for its process's lifetime. */
export interface TracksState {
  tools: MediaTools;
  views: ViewContext;
  /** Timers cleared at shutdown. */
  onClose(timer: NodeJS.Timeout): void;
  close(): Promise<void>;
}

export async function openTracksState(ctx: ServiceContext<TracksDb>): Promise<TracksState> {
  const timers: NodeJS.Timeout[] = [];
  return {
    tools: await locateMediaTools(),
    views: {
      signer: new MediaUrlSigner(await loadMasterKey(ctx.config)),
      cdnBase: ctx.config.cdnBaseUrl ?? '',
      mediaUrlTtlSeconds: ctx.config.mediaUrlTtlSeconds,
    },
    onClose: (timer) => {
      timer.unref();
      timers.push(timer);
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
