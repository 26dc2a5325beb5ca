import type { Track } from '../api/track-types.ts';

export type MediaSessionControls = {
  play(): void;
  pause(): void;
  seekTo(seconds: number): void;
  seekBy(seconds: number): void;
  previous(): void;
  next(): void;
};

const session = (): MediaSession | undefined =>
  typeof navigator !== 'undefined' && 'mediaSession' in navigator ? navigator.mediaSession : undefined;

/**
 * The operating system's media controls (lock screen, headset buttons, media keys) drive the player.
 * Returns the unbinding. Browsers that do not know an action throw; that action is simply not offered.
 */
export function bindMediaSession(controls: MediaSessionControls): () => void {
  const media = session();
  if (!media) return () => undefined;
  const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
    ['play', () => controls.play()],
    ['pause', () => controls.pause()],
    ['previoustrack', () => controls.previous()],
    ['nexttrack', () => controls.next()],
    ['seekto', (details) => details.seekTime !== undefined && controls.seekTo(details.seekTime)],
    ['seekbackward', (details) => controls.seekBy(-(details.seekOffset ?? 10))],
    ['seekforward', (details) => controls.seekBy(details.seekOffset ?? 10)],
  ];
  const bound: MediaSessionAction[] = [];
  for (const [action, handler] of handlers) {
    try {
      media.setActionHandler(action, handler);
      bound.push(action);
    } catch {
      // not supported here
    }
  }
  return () => {
    for (const action of bound) media.setActionHandler(action, null);
  };
}

const absolute = (url: string) => new URL(url, globalThis.location?.origin).href;

/** Title, artist and artwork of what plays, for the system's media controls. */
export function showInMediaSession(track: Track | undefined): void {
  const media = session();
  if (!media || typeof MediaMetadata === 'undefined') return;
  if (!track) {
    media.metadata = null;
    return;
  }
  const { artwork } = track;
  media.metadata = new MediaMetadata({
    title: track.title,
    artist: track.owner.username,
    album: track.album,
    artwork: artwork
      ? [
          { src: absolute(artwork.small), sizes: '200x200', type: 'image/webp' },
          { src: absolute(artwork.medium), sizes: '500x500', type: 'image/webp' },
          { src: absolute(artwork.large), sizes: '1000x1000', type: 'image/webp' },
        ]
      : [],
  });
}

export function showPlaybackState(playing: boolean | undefined): void {
  const media = session();
  if (media) media.playbackState = playing === undefined ? 'none' : playing ? 'playing' : 'paused';
}

/** Where playback is, so the system's scrubber shows the right place. */
export function showPosition(position: number, duration: number, playbackRate: number): void {
  const media = session();
  if (!media?.setPositionState || !Number.isFinite(duration) || duration <= 0) return;
  try {
    media.setPositionState({ duration, position: Math.min(Math.max(0, position), duration), playbackRate });
  } catch {
    // a transient inconsistency (position past a duration not known yet): the next update fixes it
  }
}
