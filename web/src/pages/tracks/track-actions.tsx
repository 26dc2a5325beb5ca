import { useState } from 'react';
import type { Track } from '../../api/track-types.ts';
import { AddToQueueIcon, DownloadIcon, LinkIcon } from '../../components/icons.tsx';
import { usePlayer } from '../../player/player-context.tsx';

/** The address to share: the secret link for an unlisted track (the owner's, or the one the visitor came by). */
function shareUrl(track: Track, secret: string | undefined): string | undefined {
  const origin = globalThis.location.origin;
  if (secret) return `${origin}/t/s/${encodeURIComponent(secret)}`;
  if (track.visibility === 'public') return `${origin}/tracks/${track.id}`;
  if (track.visibility === 'unlisted' && track.sharePath) return `${origin}${track.sharePath}`;
  return undefined;
}

/** Add to queue, copy the share link, and the downloads the owner allows. */
export function TrackActions({ track, secret }: { track: Track; secret?: string }) {
  const player = usePlayer();
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const link = shareUrl(track, secret);
  const { playback } = track;

  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <div className="track-actions">
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => player.addToQueue(track, secret)}
          disabled={!playback}
        >
          <AddToQueueIcon />
          Add to queue
        </button>
        {link && (
          <button type="button" className="button button-secondary" onClick={copy}>
            <LinkIcon />
            Copy link
          </button>
        )}
        {playback?.mp3 && (
          <a className="button button-secondary" href={playback.mp3} download>
            <DownloadIcon />
            Download MP3
          </a>
        )}
        {playback?.original && (
          <a className="button button-secondary" href={playback.original} download>
            <DownloadIcon />
            Download original
          </a>
        )}
      </div>
      {copied === 'copied' && (
        <p className="field-hint" role="status">
          Link copied{track.visibility === 'unlisted' ? ': anyone with it can listen.' : '.'}
        </p>
      )}
      {copied === 'failed' && link && (
        <label className="field share-fallback">
          <span className="field-hint">Copy this link:</span>
          <input className="input" readOnly value={link} onFocus={(event) => event.target.select()} />
        </label>
      )}
    </div>
  );
}
