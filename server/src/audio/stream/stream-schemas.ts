import { Type } from 'typebox';

export const StreamFileParams = Type.Object({
  trackId: Type.String({ format: 'uuid' }),
  version: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  '*': Type.String({
    maxLength: 64,
    description:
      '`master.m3u8`, `manifest.mpd`, `<kbps>/index.m3u8`, `<kbps>/init.mp4`, `<kbps>/seg-NNNNN.m4s`, `waveform.json`, `download.mp3` or `original`',
  }),
});

export const StreamFileQuery = Type.Object({
  t: Type.Optional(
    Type.String({ maxLength: 80, description: 'The signed-URL token of a private or unlisted track' }),
  ),
});

const binary = (description: string) => ({
  description,
  content: {
    'application/vnd.apple.mpegurl': { schema: Type.Unsafe({ type: 'string' }) },
    'application/dash+xml': { schema: Type.Unsafe({ type: 'string' }) },
    'audio/mp4': { schema: Type.Unsafe({ type: 'string', format: 'binary' }) },
    'audio/mpeg': { schema: Type.Unsafe({ type: 'string', format: 'binary' }) },
    'application/json': { schema: Type.Unsafe({ type: 'string' }) },
    'application/octet-stream': { schema: Type.Unsafe({ type: 'string', format: 'binary' }) },
  },
});

export const streamFileResponses = {
  200: binary('The file'),
  206: binary('The requested byte range (Range), with Content-Range'),
  304: Type.Null({ description: 'Not modified (If-None-Match)' }),
};

export const StartPlay = Type.Object(
  {
    trackId: Type.String({ format: 'uuid' }),
    token: Type.Optional(
      Type.String({
        maxLength: 80,
        description: 'The `t` of the playback URLs (private and unlisted tracks)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const PlayStarted = Type.Object({ playId: Type.String({ format: 'uuid' }) });

export const PlayParams = Type.Object({ playId: Type.String({ format: 'uuid' }) });

const seconds = (description: string) => Type.Number({ minimum: 0, maximum: 86_400, description });

export const PlayProgress = Type.Object(
  {
    positionSeconds: seconds('Where the playhead is in the track'),
    listenedSeconds: seconds('Seconds actually played since the play started (seeking does not add)'),
  },
  { additionalProperties: false },
);

export const PlayCounted = Type.Object({
  counted: Type.Boolean({ description: 'The play has been counted (by this report or an earlier one)' }),
});
