import type { Track } from '../api/track-types.ts';
import { WaveIcon } from './icons.tsx';

/** A track's square artwork at `size` CSS pixels (the smallest stored size sharp at twice that), or a placeholder. */
export function TrackArtwork({ artwork, size }: { artwork: Track['artwork']; size: number }) {
  const style = { width: size, height: size };
  if (!artwork)
    return (
      <span className="track-artwork track-artwork-empty" style={style} aria-hidden="true">
        <WaveIcon width={Math.round(size * 0.4)} height={Math.round(size * 0.4)} />
      </span>
    );
  const src = size * 2 <= 200 ? artwork.small : size * 2 <= 500 ? artwork.medium : artwork.large;
  return (
    <span className="track-artwork" style={style} aria-hidden="true">
      <img src={src} alt="" width={size} height={size} />
    </span>
  );
}
