import { type ChangeEvent, type ReactNode, useId } from 'react';

type FilePickButtonProps = {
  /** The picker's file types (accepted-files.ts). */
  accept: string;
  onFile: (file: File) => void;
  /** While the picked file is being sent: the picker is disabled and says so. */
  uploading?: boolean;
  /** The button's look; `file-button` is always added. */
  className?: string;
  children: ReactNode;
};

/**
 * A button that opens the file dialog: a visually hidden file input, so keyboard and screen readers reach
 * the real control, and its label styled as the button. The input is emptied after each pick so that
 * picking the same file again still counts.
 */
export function FilePickButton({
  accept,
  onFile,
  uploading = false,
  className = 'button button-secondary',
  children,
}: FilePickButtonProps) {
  const inputId = useId();
  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) onFile(file);
  };
  return (
    <>
      <input
        id={inputId}
        className="visually-hidden"
        type="file"
        accept={accept}
        onChange={onPick}
        disabled={uploading}
      />
      <label htmlFor={inputId} className={`${className} file-button`}>
        {uploading ? 'Uploading…' : children}
      </label>
    </>
  );
}
