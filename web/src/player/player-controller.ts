import type { Track } from '../api/track-types.ts';
import { fetchSharedTrack, fetchTrack } from '../api/tracks-api.ts';
import { LoudnessGain } from './loudness-gain.ts';
import { bindMediaSession, showInMediaSession, showPlaybackState, showPosition } from './media-session.ts';
import { needsRenewal } from './media-token.ts';
import { PlayReporter } from './play-reporter.ts';
import { append, insertNext, type QueueEntry, queueEntry, removeAt } from './player-queue.ts';
import { attachStream, type StreamAttachment, type StreamFailure } from './stream-attachment.ts';

export type PlayerState = {
  entries: readonly QueueEntry[];
  /** The current entry, or -1 when the queue is empty. */
  index: number;
  /**
   * What the listener asked for: 'playing' from Play until Pause (or the end of the queue), even while
   * the first segments load (`buffering`).
   */
  status: 'idle' | 'playing' | 'paused';
  buffering: boolean;
  currentTime: number;
  duration: number;
  volume: number;
  muted: boolean;
  error: string | null;
};

const VOLUME_KEY = 'veza.player.volume';
/** "Previous" past this point restarts the track, as every music player does. */
const RESTART_AFTER_S = 3;

function storedVolume(): number {
  try {
    const value = Number(globalThis.localStorage?.getItem(VOLUME_KEY));
    return value > 0 && value <= 1 ? value : 1;
  } catch {
    return 1;
  }
}

/**
 * The one player of the app: an <audio> element fed by HLS, a queue, loudness normalization, play
 * sessions and the system's media controls. Framework-free; React reads it through player-context.tsx.
 * It lives as long as the page, so navigating between routes never interrupts the music.
 */
export class PlayerController {
  readonly audio: HTMLAudioElement;
  #state: PlayerState;
  readonly #listeners = new Set<() => void>();
  readonly #gain: LoudnessGain;
  readonly #plays = new PlayReporter();
  #stream: StreamAttachment | null = null;
  /** Numbers the loads: a slow load that a newer one overtook gives way. */
  #load = 0;
  /** The current entry's URLs were renewed after a refusal already: a second refusal is final. */
  #renewedAfterRefusal = false;

  constructor() {
    this.audio = document.createElement('audio');
    this.audio.preload = 'auto';
    this.audio.dataset.testid = 'player-audio';
    this.#gain = new LoudnessGain(this.audio);
    this.#state = {
      entries: [],
      index: -1,
      status: 'idle',
      buffering: false,
      currentTime: 0,
      duration: 0,
      volume: storedVolume(),
      muted: false,
      error: null,
    };
    this.#gain.setVolume(this.#state.volume, false);
    this.#listenToAudio();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getState = (): PlayerState => this.#state;

  /** The live position (between the few time updates a second the state gets). */
  position(): number {
    return this.#stream ? this.audio.currentTime : this.#state.currentTime;
  }

  isCurrent(trackId: string): boolean {
    return this.#current()?.track.id === trackId;
  }

  // ---------- queue ----------

  /** Plays `track` now, from `startAt` seconds; what was playing stays in the queue before it. */
  playNow(track: Track, options: { secret?: string; startAt?: number } = {}): void {
    this.#gain.activate();
    this.#setQueue(insertNext(this.#queue(), queueEntry(track, options.secret)));
    void this.#loadCurrent(options.startAt ?? 0);
  }

  /** Replaces the queue with a list and plays from its `start`th track. */
  playList(tracks: readonly Track[], start: number): void {
    this.#gain.activate();
    this.#setQueue({ entries: tracks.map((track) => queueEntry(track)), index: start });
    void this.#loadCurrent(0);
  }

  addToQueue(track: Track, secret?: string): void {
    const queue = append(this.#queue(), queueEntry(track, secret));
    // Into an empty player it becomes the current track, waiting for Play.
    if (queue.index === -1) this.#setQueue({ ...queue, index: 0 }, { status: 'paused', currentTime: 0 });
    else this.#setQueue(queue);
  }

  jumpTo(index: number): void {
    if (index < 0 || index >= this.#state.entries.length) return;
    this.#gain.activate();
    this.#setQueue({ entries: this.#state.entries, index });
    void this.#loadCurrent(0);
  }

  removeFromQueue(at: number): void {
    const wasCurrent = at === this.#state.index;
    const queue = removeAt(this.#queue(), at);
    this.#setQueue(queue);
    if (!wasCurrent) return;
    // The next entry takes over; removing the last one stops rather than going back to the one before.
    if (this.#state.status === 'playing' && at < queue.entries.length) {
      void this.#loadCurrent(0);
      return;
    }
    this.#unload();
    this.#set({ status: queue.index >= 0 ? 'paused' : 'idle', currentTime: 0, buffering: false });
    showInMediaSession(this.#current()?.track);
  }

  next(): void {
    if (this.#state.index < this.#state.entries.length - 1) this.jumpTo(this.#state.index + 1);
  }

  previous(): void {
    if (this.position() > RESTART_AFTER_S || this.#state.index <= 0) this.seek(0);
    else this.jumpTo(this.#state.index - 1);
  }

  // ---------- transport ----------

  play(): void {
    const current = this.#current();
    if (!current) return;
    this.#gain.activate();
    if (!this.#stream) {
      void this.#loadCurrent(this.#state.currentTime);
      return;
    }
    this.#set({ status: 'playing', error: null });
    this.#playElement();
  }

  pause(): void {
    if (this.#state.status !== 'playing') return;
    this.audio.pause();
    this.#set({ status: 'paused', buffering: false });
    this.#plays.paused();
    showPlaybackState(false);
  }

  toggle(): void {
    if (this.#state.status === 'playing') this.pause();
    else this.play();
  }

  seek(seconds: number): void {
    const duration = this.#state.duration || Number.POSITIVE_INFINITY;
    const target = Math.min(Math.max(0, seconds), duration);
    if (this.#stream) this.audio.currentTime = target;
    this.#set({ currentTime: target });
  }

  seekBy(seconds: number): void {
    this.seek(this.position() + seconds);
  }

  setVolume(volume: number): void {
    const clamped = Math.min(1, Math.max(0, volume));
    try {
      if (clamped > 0) globalThis.localStorage?.setItem(VOLUME_KEY, String(clamped));
    } catch {
      // storage may be disabled; the volume still applies to this page
    }
    this.#set({ volume: clamped, muted: clamped === 0 });
    this.#gain.setVolume(clamped, clamped === 0);
  }

  toggleMute(): void {
    const muted = !this.#state.muted;
    const volume = !muted && this.#state.volume === 0 ? storedVolume() : this.#state.volume;
    this.#set({ muted, volume });
    this.#gain.setVolume(volume, muted);
  }

  /** The system's media keys and lock screen control this player; returns the unbinding. */
  bindSystemControls(): () => void {
    return bindMediaSession({
      play: () => this.play(),
      pause: () => this.pause(),
      seekTo: (seconds) => this.seek(seconds),
      seekBy: (seconds) => this.seekBy(seconds),
      previous: () => this.previous(),
      next: () => this.next(),
    });
  }

  /** The page is going away: the play session's last report must leave now. */
  leave(): void {
    this.#plays.end(true);
  }

  // ---------- loading ----------

  async #loadCurrent(startAt: number, afterRefusal = false): Promise<void> {
    const load = ++this.#load;
    this.#unload();
    this.#renewedAfterRefusal = afterRefusal;
    const entry = this.#current();
    if (!entry) {
      this.#set({ status: 'idle', buffering: false });
      return;
    }
    this.#set({
      status: 'playing',
      buffering: true,
      currentTime: startAt,
      duration: entry.track.durationSeconds ?? 0,
      error: null,
    });
    showInMediaSession(entry.track);
    try {
      const track = await this.#playable(entry, afterRefusal);
      if (load !== this.#load) return;
      const playback = track.playback;
      if (!playback) throw new Error('This track is not ready to play yet');
      this.#gain.setGainDb(track.loudness?.gainDb ?? 0);
      const stream = await attachStream(this.audio, playback.hls, {
        startAt,
        onFatal: (failure) => this.#onFatal(load, failure),
      });
      if (load !== this.#load) {
        stream.detach();
        return;
      }
      this.#stream = stream;
      if (this.#state.status === 'playing') this.#playElement();
    } catch (error) {
      if (load === this.#load) this.#fail(error);
    }
  }

  /** The entry's track with playback URLs that will not lapse soon (renewed when `force`d or expiring). */
  async #playable(entry: QueueEntry, force: boolean): Promise<Track> {
    const { playback } = entry.track;
    if (!playback || (!force && !needsRenewal(playback))) return entry.track;
    const track = entry.secret ? await fetchSharedTrack(entry.secret) : await fetchTrack(entry.track.id);
    this.#set({
      entries: this.#state.entries.map((other) => (other.key === entry.key ? { ...other, track } : other)),
    });
    return track;
  }

  /** A refused request is most likely a signed URL that expired: renew once and go on where it stopped. */
  #onFatal(load: number, failure: StreamFailure): void {
    if (load !== this.#load) return;
    if ((failure.status === 403 || failure.status === 401) && !this.#renewedAfterRefusal) {
      void this.#loadCurrent(this.audio.currentTime || this.#state.currentTime, true);
      return;
    }
    this.#fail(new Error('The stream stopped: the track could not be loaded'));
  }

  #unload(): void {
    this.#plays.end();
    this.#stream?.detach();
    this.#stream = null;
  }

  #playElement(): void {
    this.audio.play().catch((error: unknown) => {
      // AbortError: a newer load replaced this source before it started, which is fine.
      if (error instanceof DOMException && error.name === 'AbortError') return;
      // NotAllowedError: the browser wants a gesture first; the Play button is one.
      this.#set({ status: 'paused', buffering: false });
      showPlaybackState(false);
    });
  }

  #fail(error: unknown): void {
    this.#unload();
    this.#set({
      status: 'paused',
      buffering: false,
      error: error instanceof Error ? error.message : 'The track could not be played',
    });
    showPlaybackState(false);
  }

  #listenToAudio(): void {
    const audio = this.audio;
    audio.addEventListener('playing', () => {
      if (!this.#stream) return;
      const track = this.#current()?.track;
      if (track && !this.#plays.active) this.#plays.begin(track);
      this.#plays.playing(audio.currentTime);
      this.#set({ buffering: false });
      showPlaybackState(true);
    });
    audio.addEventListener('waiting', () => {
      if (this.#stream && this.#state.status === 'playing') this.#set({ buffering: true });
    });
    audio.addEventListener('timeupdate', () => {
      if (!this.#stream) return;
      this.#plays.timeUpdate(audio.currentTime);
      this.#set({ currentTime: audio.currentTime });
      showPosition(audio.currentTime, this.#state.duration, audio.playbackRate);
    });
    audio.addEventListener('seeking', () => this.#plays.seeking());
    audio.addEventListener('durationchange', () => {
      if (this.#stream && Number.isFinite(audio.duration) && audio.duration > 0)
        this.#set({ duration: audio.duration });
    });
    audio.addEventListener('ended', () => {
      if (!this.#stream) return;
      this.#plays.end();
      if (this.#state.index < this.#state.entries.length - 1) {
        this.jumpTo(this.#state.index + 1);
        return;
      }
      this.#set({ status: 'paused', buffering: false, currentTime: this.#state.duration });
      showPlaybackState(false);
    });
  }

  // ---------- state ----------

  #current(): QueueEntry | undefined {
    return this.#state.entries[this.#state.index];
  }

  #queue() {
    return { entries: this.#state.entries, index: this.#state.index };
  }

  #setQueue(queue: { entries: readonly QueueEntry[]; index: number }, more: Partial<PlayerState> = {}): void {
    this.#set({ entries: queue.entries, index: queue.index, ...more });
  }

  #set(change: Partial<PlayerState>): void {
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }
}
