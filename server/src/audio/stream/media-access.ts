import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { MediaUrlSigner } from '../shared/media-url-signature.ts';
import type { TrackAccess } from './track-access-store.ts';

/**
 * Who may fetch a track's files. Public tracks: anyone, no token. Private and unlisted tracks: a token
 * from the tracks service (MediaUrlSigner), bound to the track and expiring; a signed-in owner still
 * uses the URLs the tracks service handed out, so every player follows the same path.
 */
const tokenProblems = {
  missing: () =>
    new ProblemError(
      403,
      'media_token_missing',
      'Signed URL required',
      'This track is not public: use the playback URLs of the track, which carry a token',
    ),
  expired: () =>
    new ProblemError(
      403,
      'media_token_expired',
      'Signed URL expired',
      'The playback URLs have expired: read the track again for fresh ones',
    ),
  invalid: () =>
    new ProblemError(
      403,
      'media_token_invalid',
      'Invalid signed URL',
      'The token of this URL is malformed or was made for another track',
    ),
};

/**
 * Checks the token a non-public track needs. Returns when it expires (Unix seconds), which bounds how
 * long the response may be cached.
 */
export function requireMediaToken(
  signer: MediaUrlSigner,
  trackId: string,
  token: string | undefined,
  now: Date,
): number {
  if (!token) throw tokenProblems.missing();
  const verdict = signer.verify(trackId, token, now);
  if (verdict === 'expired') throw tokenProblems.expired();
  if (verdict === 'invalid') throw tokenProblems.invalid();
  // verify() accepted `<expires>.<mac>`.
  return Number(token.slice(0, token.indexOf('.')));
}

/** The signed-in owner of the track, or a moderator: may download what is not downloadable, play what is private. */
export function managesTrack(request: FastifyRequest, access: TrackAccess): boolean {
  const auth = request.auth;
  return auth !== null && (auth.sub === access.ownerId || auth.permissions.has('content:moderate'));
}

export const downloadNotAllowed = () =>
  new ProblemError(
    403,
    'download_not_allowed',
    'Download not allowed',
    'The artist has not made this track downloadable',
  );
