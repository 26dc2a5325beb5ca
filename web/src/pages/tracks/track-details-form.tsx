import { type FormEvent, useId, useState } from 'react';
import type { License, Track, Visibility } from '../../api/track-types.ts';
import { parseCommaList } from '../../components/comma-list.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SuccessNote } from '../../components/success-note.tsx';
import { TextAreaField } from '../../components/text-area-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import { LICENSE_NAMES } from './license-names.ts';
import { useSaveTrack } from './use-save-track.ts';
import { VisibilityField } from './visibility-field.tsx';

/** The server's limits (track-schemas.ts), repeated so the form stops people before the server does. */
const LIMITS = { title: 200, description: 5000, genre: 60, tags: 20, tag: 40 } as const;

type TrackDetailsFormProps = {
  track: Track;
  submitLabel?: string;
  /** Called after a successful save (the inline editor closes itself). */
  onSaved?: (track: Track) => void;
  onCancel?: () => void;
};

/** Title, description, genre, tags, release date, license, visibility and downloads of one track. */
export function TrackDetailsForm({
  track,
  submitLabel = 'Save details',
  onSaved,
  onCancel,
}: TrackDetailsFormProps) {
  const save = useSaveTrack(track.id);
  const licenseId = useId();
  const [title, setTitle] = useState(track.title);
  const [description, setDescription] = useState(track.description);
  const [genre, setGenre] = useState(track.genre);
  const [tags, setTags] = useState(track.tags.join(', '));
  const [releaseDate, setReleaseDate] = useState(track.releaseDate ?? '');
  const [license, setLicense] = useState<License>(track.license);
  const [visibility, setVisibility] = useState<Visibility>(track.visibility);
  const [downloadable, setDownloadable] = useState(track.downloadable);
  const tagList = parseCommaList(tags);
  const tooManyTags = tagList.length > LIMITS.tags || tagList.some((tag) => tag.length > LIMITS.tag);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        title: title.trim(),
        description: description.trim(),
        genre: genre.trim(),
        tags: tagList,
        releaseDate: releaseDate || null,
        license,
        visibility,
        downloadable,
      },
      { onSuccess: (saved) => onSaved?.(saved) },
    );
  };

  return (
    <form
      className="form track-details-form"
      aria-label="Track details"
      onSubmit={submit}
      onChange={() => save.isSuccess && save.reset()}
    >
      <TextField
        label="Title"
        required
        maxLength={LIMITS.title}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
      />
      <TextAreaField
        label="Description"
        rows={4}
        maxLength={LIMITS.description}
        hint="The story behind the track, credits, gear: whatever listeners should know."
        value={description}
        onChange={(event) => setDescription(event.target.value)}
      />
      <div className="field-grid">
        <TextField
          label="Genre"
          maxLength={LIMITS.genre}
          value={genre}
          onChange={(event) => setGenre(event.target.value)}
        />
        <TextField
          label="Tags"
          hint={`Comma separated, up to ${LIMITS.tags} of ${LIMITS.tag} characters each`}
          aria-invalid={tooManyTags || undefined}
          value={tags}
          onChange={(event) => setTags(event.target.value)}
        />
      </div>
      <div className="field-grid">
        <div className="field">
          <label htmlFor={licenseId} className="field-label">
            License
          </label>
          <select
            id={licenseId}
            className="input"
            value={license}
            onChange={(event) => setLicense(event.target.value as License)}
          >
            {Object.entries(LICENSE_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label="Release date"
          type="date"
          value={releaseDate}
          onChange={(event) => setReleaseDate(event.target.value)}
        />
      </div>
      <VisibilityField value={visibility} onChange={setVisibility} />
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          aria-checked={downloadable}
          checked={downloadable}
          onChange={(event) => setDownloadable(event.target.checked)}
        />
        <span className="switch-track" aria-hidden="true" />
        <span>Let listeners download it (MP3 and the original file)</span>
      </label>
      <ProblemAlert error={save.error} />
      {save.isSuccess && <SuccessNote>Details saved.</SuccessNote>}
      <div className="button-row">
        <button type="submit" className="button" disabled={save.isPending || tooManyTags}>
          {save.isPending ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
