import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import type { EventMetadata } from '../../../kernel/events/event-types.ts';
import type { ServiceContext } from '../../../kernel/service-module.ts';
import type { TrackChanges } from '../track-schemas.ts';
import type { TracksDb } from '../track-tables.ts';
import type { TracksState } from '../tracks-state.ts';
import { createTrackFromUpload } from './create-track.ts';
import { cleanFileName } from './uploaded-file.ts';

/** Where the tus protocol's path is mounted (the server parses upload ids out of request URLs). */
export const TUS_PATH = '/api/v1/tracks/uploads';
/** The final PATCH names the created track in this header. */
export const TRACK_ID_HEADER = 'Veza-Track-Id';
const UNFINISHED_UPLOAD_LIFETIME_MS = 24 * 3600 * 1000;

export interface TusCaller {
  ownerId: string;
  metadata: EventMetadata;
}

/** The authenticated caller of a raw request, set by the route before tus takes over the request. */
export type CallerOf = (request: IncomingMessage) => TusCaller | undefined;

const nodeRequest = (request: unknown) =>
  (request as { runtime?: { node?: { req: IncomingMessage } } }).runtime?.node?.req;

const problemBody = (error: ProblemError) =>
  JSON.stringify({
    type: 'about:blank',
    status: error.status,
    code: error.code,
    title: error.title,
    detail: error.detail,
  });

/**
 * Resumable uploads (tus 1.0.0 with the creation and termination extensions) for large files on bad
 * connections. Chunks land in a file under the data directory; when the last one arrives the file goes
 * through the same gate as a multipart upload (probe, tags, storage, track) and is removed either way.
 * Uploads belong to whoever created them: another account's upload id answers 404. Unfinished uploads
 * expire after a day.
 */
export function createTusUploads(ctx: ServiceContext<TracksDb>, state: TracksState, callerOf: CallerOf) {
  const directory = path.join(path.resolve(ctx.config.dataDir), 'tmp', 'tus');
  const store = new FileStore({ directory, expirationPeriodInMilliseconds: UNFINISHED_UPLOAD_LIFETIME_MS });
  const caller = (request: unknown) => {
    const raw = nodeRequest(request);
    const found = raw && callerOf(raw);
    if (!found) throw { status_code: 401, body: 'Sign in to upload\n' };
    return found;
  };
  const server = new Server({
    path: TUS_PATH,
    datastore: store,
    relativeLocation: true,
    maxSize: ctx.config.maxUploadBytes,
    exposedHeaders: [TRACK_ID_HEADER],
    namingFunction: () => randomUUID(),
    async onUploadCreate(request, upload) {
      return { metadata: { ...upload.metadata, owner: caller(request).ownerId } };
    },
    async onIncomingRequest(request, uploadId) {
      if (request.method === 'POST') return;
      const owner = await store.getUpload(uploadId).then(
        (upload) => upload.metadata?.owner,
        () => undefined,
      );
      if (owner !== caller(request).ownerId)
        throw { status_code: 404, body: 'The file for this URL was not found\n' };
    },
    async onUploadFinish(
      request,
      upload,
    ): Promise<{ status_code: number; headers: Record<string, string>; body?: string }> {
      const { ownerId, metadata } = caller(request);
      const fields: Partial<TrackChanges> = {};
      const title = upload.metadata?.title?.trim();
      if (title) fields.title = title.slice(0, 200);
      const visibility = upload.metadata?.visibility;
      if (visibility === 'public' || visibility === 'unlisted' || visibility === 'private')
        fields.visibility = visibility;
      const file = {
        path: path.join(directory, upload.id),
        bytes: upload.size ?? upload.offset,
        fileName: cleanFileName(upload.metadata?.filename ?? undefined),
        contentType: upload.metadata?.filetype || 'application/octet-stream',
        discard: () => store.remove(upload.id).catch(() => undefined),
      };
      try {
        const trackId = await createTrackFromUpload(ctx, state, metadata, ownerId, file, fields, (tx, id) =>
          tx.db
            .insertInto('tus_uploads')
            .values({ upload_id: upload.id, owner_id: ownerId, track_id: id })
            .execute()
            .then(() => undefined),
        );
        return { status_code: 204, headers: { [TRACK_ID_HEADER]: trackId } };
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        return {
          status_code: error.status,
          headers: { 'Content-Type': 'application/problem+json' },
          body: problemBody(error),
        };
      }
    },
  });
  return { server, sweepExpired: () => store.deleteExpired() };
}
