import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useId } from 'react';
import { identityKeys } from '../../api/identity-keys.ts';
import { removeProfileImage, uploadProfileImage } from '../../api/profile-api.ts';
import type { ImageUrls, ProfileImageKind } from '../../api/profile-types.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';

const ACCEPT = 'image/png,image/jpeg,image/webp';

type ImageUploadFieldProps = {
  kind: ProfileImageKind;
  label: string;
  hint: string;
  images: ImageUrls | undefined;
  username: string;
};

/** Uploads an avatar or banner as soon as a file is picked; the server renders the standard sizes. */
export function ImageUploadField({ kind, label, hint, images, username }: ImageUploadFieldProps) {
  const queryClient = useQueryClient();
  const inputId = useId();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: identityKeys.myProfile });
    await queryClient.invalidateQueries({ queryKey: identityKeys.profile(username) });
  };
  const upload = useMutation({
    mutationFn: (file: File) => uploadProfileImage(kind, file),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: () => removeProfileImage(kind), onSuccess: refresh });
  const preview = images
    ? kind === 'avatar'
      ? (images.medium ?? images.large)
      : (images.small ?? images.large)
    : undefined;

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) upload.mutate(file);
  };

  return (
    <div className={`image-field image-field-${kind}`} data-testid={`${kind}-field`}>
      <div className="image-preview" aria-hidden="true">
        {preview ? <img src={preview} alt="" data-testid={`${kind}-preview`} /> : <span>No {kind}</span>}
      </div>
      <div className="image-field-controls">
        <p className="field-label">{label}</p>
        <p className="field-hint">{hint}</p>
        <div className="button-row">
          <label htmlFor={inputId} className="button button-secondary file-button">
            {upload.isPending ? 'Uploading…' : preview ? `Replace ${kind}` : `Upload ${kind}`}
          </label>
          <input
            id={inputId}
            className="visually-hidden"
            type="file"
            accept={ACCEPT}
            onChange={onPick}
            disabled={upload.isPending}
          />
          {preview && (
            <button
              type="button"
              className="button button-ghost"
              onClick={() => remove.mutate()}
              disabled={remove.isPending}
            >
              Remove
            </button>
          )}
        </div>
        <ProblemAlert error={upload.error ?? remove.error} />
      </div>
    </div>
  );
}
