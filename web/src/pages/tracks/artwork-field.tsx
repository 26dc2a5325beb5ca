import type { Track } from '../../api/track-types.ts';
import { removeTrackArtwork, uploadTrackArtwork } from '../../api/tracks-api.ts';
import { useStoreTrack } from '../../api/use-store-track.ts';
import { ImageUploadButtons } from '../../components/image-upload-buttons.tsx';
import { TrackArtwork } from '../../components/track-artwork.tsx';

/** Uploads the track's artwork as soon as an image is picked; the server makes the square sizes. */
export function ArtworkField({ track }: { track: Track }) {
  const storeTrack = useStoreTrack();
  return (
    <div className="owner-section artwork-field">
      <TrackArtwork artwork={track.artwork} size={72} />
      <div className="stack">
        <h3 className="owner-section-title">Artwork</h3>
        <p className="field-hint">
          A square JPEG, PNG or WebP image, at least 1000 × 1000 px looks sharp everywhere.
        </p>
        <ImageUploadButtons
          noun="artwork"
          hasImage={track.artwork !== null}
          upload={(file) => uploadTrackArtwork(track.id, file)}
          remove={() => removeTrackArtwork(track.id)}
          onSaved={storeTrack}
        />
      </div>
    </div>
  );
}
