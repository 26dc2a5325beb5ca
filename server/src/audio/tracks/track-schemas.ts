import { type Static, Type } from 'typebox';

export const LICENSES = [
  'all-rights-reserved',
  'cc-by',
  'cc-by-sa',
  'cc-by-nd',
  'cc-by-nc',
  'cc-by-nc-sa',
  'cc-by-nc-nd',
  'cc0',
] as const;
export type License = (typeof LICENSES)[number];

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Url = Type.String({
  description: 'Same-origin path, or an absolute URL when a CDN base is configured',
});

export const Visibility = Type.Union(
  [Type.Literal('public'), Type.Literal('unlisted'), Type.Literal('private')],
  {
    description:
      'public: listed and playable by anyone; unlisted: only through its secret link; private: owner only',
  },
);
export const LicenseSchema = Type.Unsafe<License>({
  type: 'string',
  enum: [...LICENSES],
  description: 'All rights reserved, or a Creative Commons 4.0 variant',
});
export const Title = Type.String({ minLength: 1, maxLength: 200 });
export const ReleaseDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' });
export const Credit = Type.Object(
  { role: Type.String({ minLength: 1, maxLength: 60 }), name: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** Every field a track's owner may change (PATCH); the multipart upload accepts the simple ones too. */
export const TrackChanges = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    genre: Type.Optional(Type.String({ maxLength: 60 })),
    album: Type.Optional(Type.String({ maxLength: 200 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
    credits: Type.Optional(Type.Array(Credit, { maxItems: 30 })),
    releaseDate: Type.Optional(Type.Union([ReleaseDate, Type.Null()])),
    license: Type.Optional(LicenseSchema),
    visibility: Type.Optional(Visibility),
    downloadable: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type TrackChanges = Static<typeof TrackChanges>;

export const TrackState = Type.Union(
  [Type.Literal('uploaded'), Type.Literal('processing'), Type.Literal('ready'), Type.Literal('failed')],
  { description: 'uploaded → processing → ready | failed (failureReason says why)' },
);

export const Playback = Type.Object({
  version: Type.Integer({ description: 'The audio version these URLs play' }),
  hls: Url,
  dash: Url,
  waveform: Url,
  mp3: Type.Union([Url, Type.Null()], { description: 'MP3 download, when allowed' }),
  original: Type.Union([Url, Type.Null()], { description: 'The file as uploaded, when allowed' }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the signed URLs of a private or unlisted track stop working; null for public tracks',
  }),
});

export const Track = Type.Object({
  id: Type.String({ format: 'uuid' }),
  owner: Type.Object({ id: Type.String({ format: 'uuid' }), username: Type.String() }),
  title: Type.String(),
  description: Type.String(),
  genre: Type.String(),
  album: Type.String(),
  tags: Type.Array(Type.String()),
  credits: Type.Array(Credit),
  releaseDate: Nullable(Type.String({ format: 'date' })),
  license: LicenseSchema,
  visibility: Visibility,
  downloadable: Type.Boolean(),
  state: TrackState,
  failureReason: Nullable(Type.String()),
  version: Type.Integer(),
  durationSeconds: Type.Union([Type.Number(), Type.Null()]),
  bpm: Type.Union([Type.Number(), Type.Null()]),
  key: Nullable(Type.String({ description: 'e.g. "A minor"' })),
  loudness: Type.Union([
    Type.Object({
      integratedLufs: Type.Number(),
      truePeakDbtp: Type.Union([Type.Number(), Type.Null()]),
      gainDb: Type.Number({ description: 'What the player applies to play at -14 LUFS' }),
    }),
    Type.Null(),
  ]),
  artwork: Type.Union([Type.Object({ small: Url, medium: Url, large: Url }), Type.Null()]),
  sharePath: Nullable(Type.String({ description: "The unlisted link's path (owner only)" })),
  playback: Type.Union([Playback, Type.Null()], { description: 'Null until a version is ready' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Track = Static<typeof Track>;

export const TrackPage = Type.Object({
  tracks: Type.Array(Track),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page' }),
});
