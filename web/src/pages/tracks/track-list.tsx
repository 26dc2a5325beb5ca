import { Link } from 'react-router';
import type { Track } from '../../api/track-types.ts';
import { LockIcon } from '../../components/icons.tsx';
import { type BadgeState, StatusBadge } from '../../components/status-badge.tsx';
import { TrackArtwork } from '../../components/track-artwork.tsx';
import { formatTime } from '../../player/time-format.ts';
import { TrackPlayButton } from './track-play-button.tsx';

const STATE_BADGES: Record<Track['state'], BadgeState> = {
  uploaded: 'pending',
  processing: 'pending',
  ready: 'ok',
  failed: 'error',
};

type TrackListProps = {
  tracks: readonly Track[];
  label: string;
  /** The owner's own list: processing state and visibility on every row. */
  showState?: boolean;
};

/** Tracks as rows; playing one plays the list on from it. */
export function TrackList({ tracks, label, showState = false }: TrackListProps) {
  const playable = tracks.filter((track) => track.playback);
  return (
    <ol className="track-list" aria-label={label}>
      {tracks.map((track) => {
        const index = playable.indexOf(track);
        return (
          <li key={track.id} className="track-row" data-testid="track-row">
            <TrackPlayButton track={track} {...(index >= 0 ? { list: { tracks: playable, index } } : {})} />
            <TrackArtwork artwork={track.artwork} size={44} />
            <div className="track-row-text">
              <Link className="track-row-title" to={`/tracks/${track.id}`}>
                {track.title}
              </Link>
              <span className="track-row-meta">
                {track.owner.username}
                {track.genre ? ` · ${track.genre}` : ''}
              </span>
            </div>
            {showState && track.visibility !== 'public' && (
              <span className="track-visibility">
                <LockIcon width={14} height={14} />
                {track.visibility}
              </span>
            )}
            {showState && track.state !== 'ready' && (
              <StatusBadge state={STATE_BADGES[track.state]} label={track.state} />
            )}
            <span className="track-row-duration">
              {track.durationSeconds === null ? '' : formatTime(track.durationSeconds)}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
