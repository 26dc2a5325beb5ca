import { Link } from 'react-router';
import type { Track } from '../../api/track-types.ts';
import { hasPermission, useMe } from '../../api/use-me.ts';
import { LockIcon } from '../../components/icons.tsx';
import { TrackArtwork } from '../../components/track-artwork.tsx';
import { DeleteTrackButton } from './delete-track-button.tsx';
import { OwnerTools } from './owner-tools.tsx';
import { ProcessingState } from './processing-state.tsx';
import { TrackActions } from './track-actions.tsx';
import { TrackFacts } from './track-facts.tsx';
import { TrackPlayButton } from './track-play-button.tsx';
import { Waveform } from './waveform.tsx';

const VISIBILITY_NOTE = { unlisted: 'Unlisted', private: 'Private' } as const;

/**
 * A track's page, reached by id or through its unlisted link (`secret`): artwork, title, waveform, facts,
 * actions; for the owner the tools to change it, for moderators the delete button.
 */
export function TrackView({ track, secret }: { track: Track; secret?: string }) {
  const me = useMe();
  const own = me.data?.id === track.owner.id;
  const moderator = hasPermission(me.data, 'content:moderate');
  return (
    <article className="page track-page" aria-labelledby="page-title" data-testid="track-page">
      <title>{`${track.title} by ${track.owner.username} · Veza`}</title>
      <header className="track-hero">
        <TrackArtwork artwork={track.artwork} size={200} />
        <div className="track-hero-body">
          <div className="track-hero-title">
            <TrackPlayButton track={track} size="large" {...(secret ? { secret } : {})} />
            <div className="track-heading">
              <h1 id="page-title">{track.title}</h1>
              <p className="track-owner">
                <Link to={`/u/${track.owner.username}`}>@{track.owner.username}</Link>
                {track.visibility !== 'public' && (
                  <span className="track-visibility" data-testid="track-visibility">
                    <LockIcon width={14} height={14} />
                    {VISIBILITY_NOTE[track.visibility]}
                  </span>
                )}
              </p>
            </div>
          </div>
          <Waveform track={track} {...(secret ? { secret } : {})} />
        </div>
      </header>
      {(own || moderator) && (track.state !== 'ready' || track.failureReason) && (
        <ProcessingState track={track} canRetry />
      )}
      <TrackActions track={track} {...(secret ? { secret } : {})} />
      <TrackFacts track={track} />
      {track.description && <p className="track-description">{track.description}</p>}
      {own && !secret && <OwnerTools track={track} />}
      {own && secret && (
        <p className="muted">
          This is your track. <Link to={`/tracks/${track.id}`}>Manage it on its page</Link>.
        </p>
      )}
      {!own && moderator && (
        <section className="panel owner-tools" aria-label="Moderation">
          <DeleteTrackButton track={track} own={false} />
        </section>
      )}
    </article>
  );
}
