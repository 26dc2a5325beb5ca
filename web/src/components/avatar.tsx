import type { ImageUrls } from '../api/profile-types.ts';

type AvatarProps = {
  name: string;
  images: ImageUrls | undefined;
  /** Rendered size in CSS pixels; the smallest stored image that is sharp at twice that size is used. */
  size?: number;
  /** Decorative when the name is written next to it (the default). */
  label?: string;
};

function pick(images: Record<string, string>, size: number): string | undefined {
  if (size * 2 <= 64) return images.small ?? images.medium ?? images.large;
  if (size * 2 <= 256) return images.medium ?? images.large ?? images.small;
  return images.large ?? images.medium ?? images.small;
}

/** A round profile picture, or the name's initial on a gradient when there is none. */
export function Avatar({ name, images, size = 32, label }: AvatarProps) {
  const src = images ? pick(images, size) : undefined;
  const style = { width: size, height: size, fontSize: Math.round(size * 0.42) };
  const a11y = label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true };
  if (src)
    return (
      <span className="avatar" style={style} {...a11y}>
        <img src={src} alt="" width={size} height={size} />
      </span>
    );
  return (
    <span className="avatar avatar-initial" style={style} {...a11y}>
      {(name.trim()[0] ?? '?').toUpperCase()}
    </span>
  );
}
