import type { Readable } from 'node:stream';
import { notFound } from '../../../kernel/errors/problem-error.ts';
import { ifRangeHolds, matchesEtag } from '../../../kernel/http/etag-match.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { renditionPrefix } from '../../shared/media-keys.ts';
import { attachment } from '../content-disposition.ts';
import { downloadNotAllowed, managesTrack, requireMediaToken } from '../media-access.ts';
import { addTokenToDashManifest, addTokenToHlsPlaylist } from '../playlist-token-rewrite.ts';
import { sendBytes, sendStoredObject } from '../ranged-reply.ts';
import { isOriginal, streamFileKind } from '../stream-files.ts';
import { StreamFileParams, StreamFileQuery, streamFileResponses } from '../stream-schemas.ts';
import type { StreamState } from '../stream-state.ts';
import type { StreamDb } from '../stream-tables.ts';

/** A version's files never change (media-keys.ts): a year, and no revalidation. */
const PUBLIC_IMMUTABLE = 'public, max-age=31536000, immutable';
/** The owner's download of a track that is not downloadable: never in a shared cache. */
const NOT_STORED = 'private, no-store';
/** A playlist is a few hundred KB at most (a four-hour track has ~2,400 segments); refuse to buffer more. */
const PLAYLIST_MAX_BYTES = 4 * 1024 * 1024;

async function readPlaylist(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > PLAYLIST_MAX_BYTES) {
      body.destroy();
      throw new Error(`playlist over ${PLAYLIST_MAX_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves a track's playlists, segments, waveform and downloads from object storage. The hot path (a
 * media segment of a private track) is: path check, the track's row from the in-process cache, one HMAC,
 * then storage streams the file; nothing else is read or built.
 *
 * ETag: `"<trackId>.<version>.<file>"`, strong, since a version's files never change; a playlist served
 * with tokens added also names the token's expiry (`.t<expires>`), as its bytes carry the token.
 */
export function streamFileRoutes(app: VezaHttp, ctx: ServiceContext<StreamDb>, state: StreamState): void {
  app.get(
    '/stream/tracks/:trackId/:version/*',
    {
      schema: {
        summary: 'A file of a track version: playlists, media segments, waveform, downloads',
        description:
          'Public tracks need no token. Private and unlisted ones need `t` (the playback URLs of the track ' +
          'carry it); their playlists are served with `t` added to every URI. Range requests, strong ETags.',
        params: StreamFileParams,
        querystring: StreamFileQuery,
        response: { ...streamFileResponses, ...problemResponses(400, 403, 404, 416) },
      },
    },
    async (request, reply) => {
      const { trackId, version } = request.params;
      const file = request.params['*'];
      const kind = streamFileKind(file);
      if (!kind) throw notFound('This file');
      const access = await state.tracks.get(trackId);
      if (!access || access.readyVersion !== version) throw notFound('This file');

      let signedUntil: number | null = null;
      let nowSeconds = 0;
      if (access.visibility !== 'public') {
        const now = new Date();
        nowSeconds = Math.floor(now.getTime() / 1000);
        signedUntil = requireMediaToken(state.signer, trackId, request.query.t, now);
      }
      let cacheControl: string;
      if (kind.download && !access.downloadable) {
        if (!managesTrack(request, access)) throw downloadNotAllowed();
        cacheControl = NOT_STORED;
      } else {
        cacheControl =
          signedUntil === null
            ? PUBLIC_IMMUTABLE
            : `private, max-age=${Math.max(0, signedUntil - nowSeconds)}`;
      }
      const tokened = signedUntil !== null && kind.playlist !== null;
      const etag = tokened
        ? `"${trackId}.${version}.${file}.t${signedUntil}"`
        : `"${trackId}.${version}.${file}"`;
      if (matchesEtag(request.headers['if-none-match'], etag))
        return reply.code(304).headers({ etag, 'cache-control': cacheControl }).send();

      const original = isOriginal(file) ? access.original : null;
      if (isOriginal(file) && !original) throw notFound('This file');
      const headers: Record<string, string> = {
        'content-type': kind.contentType ?? original!.contentType,
        etag,
        'cache-control': cacheControl,
        'accept-ranges': 'bytes',
        'x-content-type-options': 'nosniff',
        // Players on another origin (VEZA_CDN_BASE_URL, embeds) read these with fetch/XHR; tokens travel
        // in URLs, never in cookies, so any origin may.
        'access-control-allow-origin': '*',
      };
      if (original) headers['content-disposition'] = attachment(original.fileName);
      else if (kind.download) headers['content-disposition'] = attachment(`${trackId}.mp3`);

      const key = original ? original.key : renditionPrefix(trackId, version) + file;
      const range = ifRangeHolds(request.headers['if-range'], etag) ? request.headers.range : undefined;
      if (!tokened) return sendStoredObject(reply, ctx.storage, key, range, headers);

      const object = await ctx.storage.get(key);
      if (!object) throw notFound('This file');
      const playlist = await readPlaylist(object.body);
      const token = request.query.t as string;
      const rewritten =
        kind.playlist === 'hls'
          ? addTokenToHlsPlaylist(playlist, token)
          : addTokenToDashManifest(playlist, token);
      return sendBytes(reply, Buffer.from(rewritten), range, headers);
    },
  );
}
