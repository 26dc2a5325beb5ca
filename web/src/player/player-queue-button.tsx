import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { trackPath } from '../app/track-path.ts';
import { QueueIcon } from '../components/icons.tsx';
import { usePopoverDismiss } from '../components/use-popover-dismiss.ts';
import { usePlayer, usePlayerState } from './player-context.tsx';

/** The queue, in a panel above the player: jump to a track, or take it out. */
export function PlayerQueueButton() {
  const player = usePlayer();
  const { entries, index } = usePlayerState();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  usePopoverDismiss(open, setOpen, root);

  return (
    <div className="player-queue" ref={root}>
      <button
        type="button"
        className="player-icon-button"
        aria-label={`Queue (${entries.length})`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <QueueIcon />
        {entries.length > 0 && <span className="player-queue-count">{entries.length}</span>}
      </button>
      {open && (
        <div className="player-queue-panel" id={panelId}>
          <p className="player-queue-heading">Queue</p>
          {entries.length === 0 ? (
            <p className="muted">Nothing queued. "Add to queue" on a track puts it here.</p>
          ) : (
            <ol className="player-queue-list" aria-label="Queue">
              {entries.map((entry, at) => (
                <li key={entry.key} aria-current={at === index ? 'true' : undefined}>
                  <button type="button" className="player-queue-play" onClick={() => player.jumpTo(at)}>
                    <span className="player-queue-title">{entry.track.title}</span>
                    <span className="player-queue-artist">{entry.track.owner.username}</span>
                  </button>
                  <Link
                    className="button button-ghost"
                    to={trackPath(entry.track.id, entry.secret)}
                    onClick={() => setOpen(false)}
                  >
                    Open
                  </Link>
                  <button
                    type="button"
                    className="button button-ghost"
                    aria-label={`Remove ${entry.track.title} from the queue`}
                    onClick={() => player.removeFromQueue(at)}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}
