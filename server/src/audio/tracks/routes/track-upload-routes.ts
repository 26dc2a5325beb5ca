import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requirePermission, secured } from '../../../kernel/auth/auth-guard.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { Track } from '../track-schemas.ts';
import type { TracksDb } from '../track-tables.ts';
import type { TracksState } from '../tracks-state.ts';
import { createTrackFromUpload } from '../upload/create-track.ts';
import { readMultipartUpload } from '../upload/multipart-upload.ts';
import { replaceTrackAudio } from '../upload/replace-audio.ts';
import { uploadTempDir } from '../upload/temp-upload-file.ts';
import { managedTrack, trackResponse } from './track-access.ts';
import { TrackId } from './track-params.ts';

/** Room for the form's text fields and part headers around the file. */
const FORM_OVERHEAD_BYTES = 1_048_576;

const AudioForm = Type.Unsafe({
  type: 'object',
  required: ['file'],
  properties: {
    title: { type: 'string' },
    description: { type: 'string' },
    genre: { type: 'string' },
    album: { type: 'string' },
    tags: { type: 'string', description: 'Comma separated' },
    releaseDate: { type: 'string', format: 'date' },
    license: { type: 'string' },
    visibility: { type: 'string', enum: ['public', 'unlisted', 'private'] },
    downloadable: { type: 'string', enum: ['true', 'false'] },
    file: {
      type: 'string',
      format: 'binary',
      description: 'The audio (WAV, FLAC, MP3, AAC, Ogg, AIFF…); last part',
    },
  },
});

/**
 * Multipart uploads: a new track, or a new version of one. The file is streamed to a temporary file and
 * probed before anything is stored (see createTrackFromUpload). Scoped so the multipart parser applies here.
 */
export async function trackUploadRoutes(app: VezaHttp, ctx: ServiceContext<TracksDb>, state: TracksState) {
  const tempDir = uploadTempDir(ctx.config.dataDir);
  const maxBytes = ctx.config.maxUploadBytes;
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeAllContentTypeParsers();
    await scope.register(multipart, { limits: { fileSize: maxBytes } });
    // An answer sent before the whole body arrived (refused, or oversize): the rest of a body of allowed size
    // is read and dropped, so the client, still sending, gets to read the answer (HTTP clients report a
    // broken pipe instead when the connection closes under them); a larger one closes the connection.
    scope.addHook('onSend', async (request, reply) => {
      if (request.raw.complete) return;
      const declared = Number(request.headers['content-length'] ?? Number.POSITIVE_INFINITY);
      if (declared > maxBytes + FORM_OVERHEAD_BYTES) {
        reply.header('connection', 'close');
        return;
      }
      request.raw.unpipe();
      request.raw.resume();
    });
    // The body is read by the handler as a stream; the schema documents it.
    const streamed = { validatorCompiler: () => () => true };
    scope.post(
      '/tracks',
      {
        ...streamed,
        schema: {
          summary: 'Upload a track (multipart/form-data; the file part last)',
          description: `At most ${maxBytes} bytes (VEZA_MAX_UPLOAD_BYTES). Tags in the file prefill what the form leaves out.`,
          ...secured('tracks:publish'),
          consumes: ['multipart/form-data'],
          body: AudioForm,
          response: { 201: Track, ...problemResponses(400, 401, 403, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const ownerId = requirePermission(request, 'tracks:publish').sub;
        const { file, fields } = await readMultipartUpload(request, tempDir, maxBytes);
        const id = await createTrackFromUpload(ctx, state, ctx.metadataOf(request), ownerId, file, fields);
        reply.code(201);
        return trackResponse(ctx, state, request, id);
      },
    );
    scope.put(
      '/tracks/:id/audio',
      {
        ...streamed,
        schema: {
          summary: 'Replace the audio: a new version, which plays once it is ready',
          ...secured('tracks:publish'),
          params: TrackId,
          consumes: ['multipart/form-data'],
          body: AudioForm,
          response: { 200: Track, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
        },
      },
      async (request) => {
        const track = await managedTrack(ctx, request, request.params.id, { moderatorMay: false });
        const { file } = await readMultipartUpload(request, tempDir, maxBytes);
        await replaceTrackAudio(
          ctx,
          state,
          ctx.metadataOf(request),
          { id: track.id, ownerId: track.owner_id },
          file,
        );
        return trackResponse(ctx, state, request, track.id);
      },
    );
  });
}
