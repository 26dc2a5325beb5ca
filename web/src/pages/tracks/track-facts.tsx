import type { Track } from '../../api/track-types.ts';
import { formatTime } from '../../player/time-format.ts';
import { LICENSE_NAMES, licenseDeed } from './license-names.ts';

/** Duration, tempo, key, loudness, license, release date and tags: what a producer looks for. */
export function TrackFacts({ track }: { track: Track }) {
  const deed = licenseDeed(track.license);
  const facts: [string, string | null, string][] = [
    ['Duration', track.durationSeconds === null ? null : formatTime(track.durationSeconds), 'duration'],
    ['BPM', track.bpm === null ? null : String(Math.round(track.bpm * 10) / 10), 'bpm'],
    ['Key', track.key, 'key'],
    ['Genre', track.genre || null, 'genre'],
    ['Loudness', track.loudness ? `${track.loudness.integratedLufs.toFixed(1)} LUFS` : null, 'loudness'],
    ['Released', track.releaseDate, 'release-date'],
  ];
  return (
    <div className="track-facts">
      <dl className="facts track-fact-list">
        {facts.map(([label, value, id]) => (
          <div key={id}>
            <dt>{label}</dt>
            <dd data-testid={`track-${id}`}>{value ?? '—'}</dd>
          </div>
        ))}
        <div className="track-fact-license">
          <dt>License</dt>
          <dd data-testid="track-license">
            {deed ? (
              <a href={deed} rel="license noopener noreferrer" target="_blank">
                {LICENSE_NAMES[track.license]}
              </a>
            ) : (
              LICENSE_NAMES[track.license]
            )}
          </dd>
        </div>
      </dl>
      {track.tags.length > 0 && (
        <ul className="chip-list" aria-label="Tags">
          {track.tags.map((tag) => (
            <li key={tag} className="chip">
              #{tag}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
