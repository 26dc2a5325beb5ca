import { useState } from 'react';
import type { Track } from '../../api/track-types.ts';
import { ArtworkField } from './artwork-field.tsx';
import { DeleteTrackButton } from './delete-track-button.tsx';
import { ReplaceAudioField } from './replace-audio-field.tsx';
import { ShareLinkPanel } from './share-link-panel.tsx';
import { TrackDetailsForm } from './track-details-form.tsx';

/** What the owner can do with the track: details and visibility, link, artwork, audio, deletion. */
export function OwnerTools({ track }: { track: Track }) {
  const [editing, setEditing] = useState(false);
  return (
    <section className="panel owner-tools" aria-labelledby="owner-tools-title">
      <div className="panel-header">
        <h2 id="owner-tools-title">Manage your track</h2>
        {!editing && (
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
            Edit details
          </button>
        )}
      </div>
      {editing && (
        <TrackDetailsForm
          track={track}
          onSaved={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      )}
      <div className="owner-sections">
        <ShareLinkPanel track={track} />
        <ArtworkField track={track} />
        <ReplaceAudioField track={track} />
        <DeleteTrackButton track={track} own />
      </div>
    </section>
  );
}
