import { reportPlay, startPlay } from '../api/stream-api.ts';
import type { Track } from '../api/track-types.ts';
import { mediaToken } from './media-token.ts';

const REPORT_EVERY_MS = 10_000;
/** Time updates come about 4 times a second; a bigger step is a seek, not listening. */
const MAX_LISTENING_STEP_S = 2;

/**
 * The play session of the track that is playing (docs/api/audio.md): opened when it starts, told the
 * position and the seconds actually listened every 10 s while playing, on pause and when it ends. The
 * stream service decides when that counts as a play (30 s). Failures are let go: counting plays must never
 * disturb listening.
 */
export class PlayReporter {
  #playId: Promise<string | null> | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #listened = 0;
  #position = 0;
  #lastTime: number | null = null;
  #reported = '';

  /** A new session for `track` (each time a track starts from the queue, a new play). */
  begin(track: Track): void {
    this.end();
    this.#listened = 0;
    this.#position = 0;
    this.#lastTime = null;
    this.#reported = '';
    const token = track.playback ? mediaToken(track.playback) : undefined;
    this.#playId = startPlay(track.id, token).then(
      ({ playId }) => playId,
      () => null,
    );
  }

  get active(): boolean {
    return this.#playId !== null;
  }

  playing(time: number): void {
    this.#lastTime = time;
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#report(false), REPORT_EVERY_MS);
  }

  timeUpdate(time: number): void {
    if (this.#lastTime !== null) {
      const step = time - this.#lastTime;
      if (step > 0 && step < MAX_LISTENING_STEP_S) this.#listened += step;
    }
    this.#lastTime = time;
    this.#position = time;
  }

  /** A seek jumps: the next time update starts counting from wherever it landed. */
  seeking(): void {
    this.#lastTime = null;
  }

  paused(): void {
    clearInterval(this.#timer);
    this.#lastTime = null;
    this.#report(false);
  }

  /** The last report of this session; `leaving` when the page is going away (the request outlives it). */
  end(leaving = false): void {
    clearInterval(this.#timer);
    if (this.#playId) this.#report(leaving);
    this.#playId = null;
  }

  #report(keepalive: boolean): void {
    const playId = this.#playId;
    if (!playId) return;
    const progress = {
      positionSeconds: Math.round(this.#position * 10) / 10,
      listenedSeconds: Math.round(this.#listened * 10) / 10,
    };
    const fingerprint = `${progress.positionSeconds}/${progress.listenedSeconds}`;
    if (fingerprint === this.#reported) return;
    this.#reported = fingerprint;
    void playId.then((id) => (id ? reportPlay(id, progress, keepalive).catch(() => undefined) : undefined));
  }
}
