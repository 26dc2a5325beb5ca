import { api, unwrap } from './api-client.ts';
import { requestJson } from './json-request.ts';
import type { Track, TrackChanges } from './track-types.ts';

/** The tracks service (docs/api/audio.md): one track, lists, the owner's edits. */

const byId = (id: string) => ({ params: { path: { id } } });

export const fetchTrack = (id: string) => unwrap(api.GET('/api/v1/tracks/{id}', byId(id)));

export const fetchSharedTrack = (secret: string) =>
  unwrap(api.GET('/api/v1/tracks/shared/{secret}', { params: { path: { secret } } }));

export const listArtistTracks = (artist: string, cursor?: string) =>
  unwrap(api.GET('/api/v1/tracks', { params: { query: { artist, ...(cursor ? { cursor } : {}) } } }));

export const listMyTracks = (cursor?: string) =>
  unwrap(api.GET('/api/v1/tracks/mine', { params: { query: cursor ? { cursor } : {} } }));

export const updateTrack = (id: string, changes: TrackChanges) =>
  unwrap(api.PATCH('/api/v1/tracks/{id}', { ...byId(id), body: changes }));

export const deleteTrack = (id: string) => unwrap(api.DELETE('/api/v1/tracks/{id}', byId(id)));

export const retryTrack = (id: string) => unwrap(api.POST('/api/v1/tracks/{id}/retry', byId(id)));

export const resetShareLink = (id: string) => unwrap(api.POST('/api/v1/tracks/{id}/share-link', byId(id)));

export const removeTrackArtwork = (id: string) => unwrap(api.DELETE('/api/v1/tracks/{id}/artwork', byId(id)));

/**
 * A new version of the audio, as multipart `file`; the current version plays until it is ready. Through
 * the JSON helper, which passes FormData as it is (the SDK would serialize the body as JSON).
 */
export function replaceTrackAudio(id: string, file: File): Promise<Track> {
  const form = new FormData();
  form.append('file', file, file.name);
  return requestJson<Track>(`/api/v1/tracks/${encodeURIComponent(id)}/audio`, { method: 'PUT', body: form });
}

/** The image itself as the body, with its own Content-Type; the server renders the square sizes. */
export const uploadTrackArtwork = (id: string, image: Blob) =>
  requestJson<Track>(`/api/v1/tracks/${encodeURIComponent(id)}/artwork`, { method: 'PUT', body: image });

/** Which track a finished resumable upload became (when the final PATCH's Veza-Track-Id was not readable). */
export function fetchTrackIdOfUpload(uploadUrl: string) {
  const uploadId = new URL(uploadUrl, globalThis.location?.origin).pathname.split('/').at(-1) ?? '';
  return unwrap(api.GET('/api/v1/tracks/uploads/{uploadId}/track', { params: { path: { uploadId } } }));
}
