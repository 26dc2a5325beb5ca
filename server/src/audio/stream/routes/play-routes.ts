import { notFound } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { Limit } from '../../../kernel/rate-limit/rate-limiter.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { managesTrack, requireMediaToken } from '../media-access.ts';
import { PlayCounted, PlayParams, PlayProgress, PlayStarted, StartPlay } from '../stream-schemas.ts';
import type { StreamState } from '../stream-state.ts';
import type { StreamDb } from '../stream-tables.ts';

/** Far above a listener skipping through a playlist, well below a script inflating plays. */
const PLAY_START_LIMIT: Limit = { name: 'play-start', max: 60, windowSeconds: 600 };

/**
 * Play sessions: the player starts one when playback starts and reports progress (every ~10 s and when
 * it stops); the service counts the play (play-sessions.ts). Signed in or not.
 */
export function playRoutes(app: VezaHttp, ctx: ServiceContext<StreamDb>, state: StreamState): void {
  app.post(
    '/stream/plays',
    {
      schema: {
        summary: 'Start a play session (signed in or not)',
        description:
          'A private or unlisted track needs the `t` token of its playback URLs, unless the caller owns it.',
        body: StartPlay,
        response: { 201: PlayStarted, ...problemResponses(400, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { trackId, token } = request.body;
      const access = await state.tracks.get(trackId);
      if (!access || access.readyVersion === null) throw notFound('This track');
      if (access.visibility !== 'public' && !managesTrack(request, access))
        requireMediaToken(state.signer, trackId, token, new Date());
      const listenerId = request.auth?.sub ?? null;
      const listenerKey = state.listenerKeys.of(listenerId, request.ip, request.headers['user-agent']);
      await state.limiter.hit(PLAY_START_LIMIT, listenerKey);
      const playId = await state.plays.start(trackId, access.ownerId, { listenerId, listenerKey });
      return reply.code(201).send({ playId });
    },
  );

  app.post(
    '/stream/plays/:playId',
    {
      schema: {
        summary: 'Report the progress of a play session',
        description:
          'A play counts once per listener per track per 30 minutes, after 30 s of listening; listened ' +
          'time is capped by the time elapsed since the session started.',
        params: PlayParams,
        body: PlayProgress,
        response: { 200: PlayCounted, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const result = await state.plays.report(
        request.params.playId,
        request.auth?.sub ?? null,
        request.body,
        ctx.metadataOf(request),
      );
      if (!result) throw notFound('This play session');
      return result;
    },
  );
}
