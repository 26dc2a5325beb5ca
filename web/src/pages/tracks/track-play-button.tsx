import type { Track } from '../../api/track-types.ts';
import { PauseIcon, PlayIcon } from '../../components/icons.tsx';
import { usePlayer, usePlayerState } from '../../player/player-context.tsx';

type TrackPlayButtonProps = {
  track: Track;
  secret?: string;
  /** Starts this list from the track instead of putting the track alone before the queue's rest. */
  list?: { tracks: readonly Track[]; index: number };
  size?: 'large' | 'small';
};

/** Play or pause this track: pause when it is the one playing, else start it. */
export function TrackPlayButton({ track, secret, list, size = 'small' }: TrackPlayButtonProps) {
  const player = usePlayer();
  const state = usePlayerState();
  const current = state.entries[state.index]?.track.id === track.id;
  const playing = current && state.status === 'playing';
  const onClick = () => {
    if (current) player.toggle();
    else if (list) player.playList(list.tracks, list.index);
    else player.playNow(track, secret ? { secret } : {});
  };
  return (
    <button
      type="button"
      className={`track-play track-play-${size}`}
      aria-label={`${playing ? 'Pause' : 'Play'} ${track.title}`}
      onClick={onClick}
      disabled={!track.playback}
      data-playing={playing}
    >
      {playing ? <PauseIcon /> : <PlayIcon />}
    </button>
  );
}
