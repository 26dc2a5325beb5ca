import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { trackPath } from '../app/track-path.ts';
import { NextIcon, PauseIcon, PlayIcon, PreviousIcon, RefreshIcon } from '../components/icons.tsx';
import { TrackArtwork } from '../components/track-artwork.tsx';
import { usePlayer, usePlayerState } from './player-context.tsx';
import { PlayerQueueButton } from './player-queue-button.tsx';
import { PlayerVolume } from './player-volume.tsx';
import { formatTime } from './time-format.ts';

/** The bottom bar: what plays, the transport, the position, the queue and the volume. */
export function PlayerBar() {
  const player = usePlayer();
  const state = usePlayerState();
  const host = useRef<HTMLDivElement>(null);
  const entry = state.entries[state.index];
  const playing = state.status === 'playing';

  // The controller owns its <audio> element (it must survive re-renders); the bar only gives it a place.
  useEffect(() => {
    host.current?.append(player.audio);
  }, [player]);

  return (
    <section className="player-bar" aria-label="Player" data-status={state.status}>
      <div ref={host} hidden />
      <div
        className="player-mini-progress"
        aria-hidden="true"
        style={{
          transform: `scaleX(${state.duration ? Math.min(1, state.currentTime / state.duration) : 0})`,
        }}
      />
      <div className="player-track">
        <TrackArtwork artwork={entry?.track.artwork ?? null} size={46} />
        {entry ? (
          <div className="player-track-text">
            <Link
              className="player-title"
              to={trackPath(entry.track.id, entry.secret)}
              data-testid="player-title"
            >
              {entry.track.title}
            </Link>
            <Link className="player-subtitle" to={`/u/${entry.track.owner.username}`}>
              {entry.track.owner.username}
            </Link>
          </div>
        ) : (
          <div className="player-track-text">
            <p className="player-title">Nothing playing</p>
            <p className="player-subtitle">Pick a track to start listening</p>
          </div>
        )}
      </div>
      <div className="player-controls">
        <div className="player-buttons">
          <button
            type="button"
            className="player-skip"
            aria-label="Previous"
            onClick={() => player.previous()}
            disabled={!entry}
          >
            <PreviousIcon />
          </button>
          <button
            type="button"
            className="player-play"
            aria-label={playing ? 'Pause' : 'Play'}
            onClick={() => player.toggle()}
            disabled={!entry}
          >
            {playing && state.buffering ? (
              <RefreshIcon className="spin" />
            ) : playing ? (
              <PauseIcon />
            ) : (
              <PlayIcon />
            )}
          </button>
          <button
            type="button"
            className="player-skip"
            aria-label="Next"
            onClick={() => player.next()}
            disabled={state.index >= state.entries.length - 1}
          >
            <NextIcon />
          </button>
        </div>
        <div className="player-progress">
          <span data-testid="player-position">{formatTime(state.currentTime)}</span>
          <input
            type="range"
            className="player-seek"
            aria-label="Seek"
            aria-valuetext={`${formatTime(state.currentTime)} of ${formatTime(state.duration)}`}
            min={0}
            max={state.duration || 0}
            step={0.1}
            value={Math.min(state.currentTime, state.duration || 0)}
            disabled={!entry || !state.duration}
            onChange={(event) => player.seek(Number(event.target.value))}
            style={{ '--seek-fraction': state.duration ? state.currentTime / state.duration : 0 } as object}
          />
          <span>{formatTime(state.duration)}</span>
        </div>
        {state.error && (
          <p className="player-error" role="alert">
            {state.error}
          </p>
        )}
      </div>
      <div className="player-side">
        <PlayerQueueButton />
        <PlayerVolume />
      </div>
    </section>
  );
}
