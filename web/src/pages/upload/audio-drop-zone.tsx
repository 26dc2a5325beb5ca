import { type ChangeEvent, type DragEvent, useId, useState } from 'react';
import { WaveIcon } from '../../components/icons.tsx';

/** What the picker offers; the server probes the content itself, so this is only a hint to the dialog. */
const ACCEPT = 'audio/*,.wav,.flac,.aiff,.aif,.mp3,.ogg,.opus,.m4a,.aac';

/** Drag an audio file onto it, or click to pick one. */
export function AudioDropZone({ onFile }: { onFile: (file: File) => void }) {
  const inputId = useId();
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };
  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) onFile(file);
  };

  return (
    <section
      aria-label="Drop zone for an audio file"
      className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
      data-testid="drop-zone"
      onDragEnter={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <span className="drop-zone-icon" aria-hidden="true">
        <WaveIcon />
      </span>
      <p className="drop-zone-title">Drag and drop your track here</p>
      <p className="field-hint">
        WAV, FLAC, AIFF, MP3, OGG or M4A. Large files resume if the connection drops.
      </p>
      <input id={inputId} className="visually-hidden" type="file" accept={ACCEPT} onChange={onPick} />
      <label htmlFor={inputId} className="button file-button">
        Choose an audio file
      </label>
    </section>
  );
}
