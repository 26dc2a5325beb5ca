import sharp from 'sharp';
import { ProblemError } from '../errors/problem-error.ts';

/** What uploads may be; the body's Content-Type must be one of these and the bytes must decode as one of them. */
export const ACCEPTED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp']);

/** Upload limit: a phone photo fits, a video renamed .jpg does not. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/**
 * Decoded pixels allowed: a small, highly compressed PNG can declare a huge canvas (a decompression bomb),
 * so the limit is on pixels, not only bytes. 50 MP covers any camera a profile photo comes from.
 */
const MAX_INPUT_PIXELS = 50_000_000;
const WEBP_QUALITY = 82;

export const imageInvalid = (detail: string) =>
  new ProblemError(400, 'image_invalid', 'Invalid image', detail);

/** sharp refuses a canvas over the limit (from its header, before decoding) with this message. */
const tooManyPixels = (error: unknown) =>
  error instanceof Error && /pixel limit/i.test(error.message)
    ? imageInvalid(`Images may have at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels`)
    : undefined;

export interface Rendition {
  size: string;
  width: number;
  height: number;
  bytes: Buffer;
}

/** Named output sizes, e.g. `[['small', { width: 64, height: 64 }], …]`, all of one aspect ratio. */
export type ImageSizes = readonly (readonly [string, { width: number; height: number }])[];

/**
 * Decodes an uploaded image (avatar, banner, track artwork) and renders every given size as WebP. Everything is rendered in
 * memory before anything is stored, so a body that fails to decode leaves storage untouched. The source's
 * EXIF orientation is applied and its metadata (camera, GPS position) is dropped, as sharp does by default.
 */
export async function renderImage(sizes: ImageSizes, source: Buffer): Promise<Rendition[]> {
  let format: string | undefined;
  try {
    format = (await sharp(source, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch (error) {
    throw tooManyPixels(error) ?? imageInvalid('The body is not a PNG, JPEG or WebP image');
  }
  if (!format || !ACCEPTED_FORMATS.has(format))
    throw imageInvalid(`Images must be PNG, JPEG or WebP, not ${format ?? 'unknown'}`);
  const largest = sizes.reduce((a, b) => (b[1].width > a[1].width ? b : a))[1];
  try {
    // Decoded once, at the largest size: every size has the same aspect ratio, so the smaller
    // ones are scaled from it rather than decoding the upload again.
    const { data, info } = await sharp(source, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      // Cover crops to the exact standard size (centred), enlarging small sources, so every client gets
      // the dimensions it laid out for.
      .resize(largest.width, largest.height, { fit: 'cover' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    return await Promise.all(
      sizes.map(async ([size, { width, height }]) => ({
        size,
        width,
        height,
        bytes: await sharp(data, raw).resize(width, height).webp({ quality: WEBP_QUALITY }).toBuffer(),
      })),
    );
  } catch (error) {
    // Headers can be valid while the pixel data is truncated or corrupt; that surfaces only when decoding.
    throw tooManyPixels(error) ?? imageInvalid('The image data is corrupt or truncated');
  }
}
