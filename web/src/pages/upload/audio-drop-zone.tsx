import { type DragEvent, useState } from 'react';
import { AUDIO_FILES } from '../../components/accepted-files.ts';
import { FilePickButton } from '../../components/file-pick-button.tsx';
import { WaveIcon } from '../../components/icons.tsx';

/** Drag an audio file onto it, or click to pick one. */
export function AudioDropZone({ onFile }: { onFile: (file: File) => void }) {
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
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
      <FilePickButton accept={AUDIO_FILES} onFile={onFile} className="button">
        Choose an audio file
      </FilePickButton>
    </section>
  );
}
