/**
 * The images a profile has and the standard sizes each is stored in. Clients pick a size by name
 * (`small`, `medium`, `large`), so sizes can change here without breaking them.
 */
export const IMAGE_KINDS = {
  avatar: {
    column: 'avatar_version',
    sizes: {
      small: { width: 64, height: 64 },
      medium: { width: 256, height: 256 },
      large: { width: 512, height: 512 },
    },
  },
  banner: {
    column: 'banner_version',
    sizes: {
      small: { width: 750, height: 250 },
      large: { width: 1500, height: 500 },
    },
  },
} as const;

export type ImageKind = keyof typeof IMAGE_KINDS;
export type ImageSizeName<K extends ImageKind> = keyof (typeof IMAGE_KINDS)[K]['sizes'];

export const isImageKind = (value: string): value is ImageKind => Object.hasOwn(IMAGE_KINDS, value);

/** Size names and dimensions of a kind, in declaration order. */
export const sizesOf = (kind: ImageKind): [string, { width: number; height: number }][] =>
  Object.entries(IMAGE_KINDS[kind].sizes);
