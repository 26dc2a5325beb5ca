import { useQueryClient } from '@tanstack/react-query';
import { identityKeys } from '../../api/identity-keys.ts';
import { removeProfileImage, uploadProfileImage } from '../../api/profile-api.ts';
import type { ImageUrls, ProfileImageKind } from '../../api/profile-types.ts';
import { ImageUploadButtons } from '../../components/image-upload-buttons.tsx';

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
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: identityKeys.myProfile });
    await queryClient.invalidateQueries({ queryKey: identityKeys.profile(username) });
  };
  const preview = images
    ? kind === 'avatar'
      ? (images.medium ?? images.large)
      : (images.small ?? images.large)
    : undefined;

  return (
    <div className={`image-field image-field-${kind}`} data-testid={`${kind}-field`}>
      <div className="image-preview" aria-hidden="true">
        {preview ? <img src={preview} alt="" data-testid={`${kind}-preview`} /> : <span>No {kind}</span>}
      </div>
      <div className="image-field-controls">
        <p className="field-label">{label}</p>
        <p className="field-hint">{hint}</p>
        <ImageUploadButtons
          noun={kind}
          hasImage={Boolean(preview)}
          upload={(file) => uploadProfileImage(kind, file)}
          remove={() => removeProfileImage(kind)}
          onSaved={refresh}
        />
      </div>
    </div>
  );
}
