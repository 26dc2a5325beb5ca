import { useMutation } from '@tanstack/react-query';
import { IMAGE_FILES } from './accepted-files.ts';
import { FilePickButton } from './file-pick-button.tsx';
import { ProblemAlert } from './problem-alert.tsx';

type ImageUploadButtonsProps<Saved> = {
  /** What the image is, in the buttons' words: "Upload artwork", "Replace avatar". */
  noun: string;
  hasImage: boolean;
  upload: (file: File) => Promise<Saved>;
  remove: () => Promise<Saved>;
  /** After an upload or a removal; the buttons stay busy until the promise it returns settles. */
  onSaved: (saved: Saved) => unknown;
};

/**
 * Upload (or replace) an image as soon as it is picked, remove it, and show why either failed. The server
 * renders the sizes, so there is nothing to crop here.
 */
export function ImageUploadButtons<Saved>({
  noun,
  hasImage,
  upload,
  remove,
  onSaved,
}: ImageUploadButtonsProps<Saved>) {
  const uploadMutation = useMutation({ mutationFn: upload, onSuccess: onSaved });
  const removeMutation = useMutation({ mutationFn: remove, onSuccess: onSaved });
  return (
    <>
      <div className="button-row">
        <FilePickButton
          accept={IMAGE_FILES}
          onFile={uploadMutation.mutate}
          uploading={uploadMutation.isPending}
        >
          {hasImage ? `Replace ${noun}` : `Upload ${noun}`}
        </FilePickButton>
        {hasImage && (
          <button
            type="button"
            className="button button-ghost"
            onClick={() => removeMutation.mutate()}
            disabled={removeMutation.isPending}
          >
            Remove
          </button>
        )}
      </div>
      <ProblemAlert error={uploadMutation.error ?? removeMutation.error} />
    </>
  );
}
