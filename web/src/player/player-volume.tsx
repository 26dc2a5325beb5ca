import { MutedIcon, VolumeIcon } from '../components/icons.tsx';
import { usePlayer, usePlayerState } from './player-context.tsx';

/** Mute and volume; the track's loudness correction is applied on top, out of the listener's way. */
export function PlayerVolume() {
  const player = usePlayer();
  const { volume, muted, entries, index } = usePlayerState();
  const gainDb = entries[index]?.track.loudness?.gainDb;
  const silent = muted || volume === 0;
  return (
    <div className="player-volume">
      <button
        type="button"
        className="player-icon-button"
        aria-label={silent ? 'Unmute' : 'Mute'}
        aria-pressed={silent}
        onClick={() => player.toggleMute()}
      >
        {silent ? <MutedIcon /> : <VolumeIcon />}
      </button>
      <input
        type="range"
        className="player-volume-slider"
        aria-label="Volume"
        min={0}
        max={1}
        step={0.01}
        value={muted ? 0 : volume}
        onChange={(event) => player.setVolume(Number(event.target.value))}
        title={
          gainDb === undefined
            ? undefined
            : `Loudness normalized: ${gainDb > 0 ? '+' : ''}${gainDb.toFixed(1)} dB for this track`
        }
      />
    </div>
  );
}
