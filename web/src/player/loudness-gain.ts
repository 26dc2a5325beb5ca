type WebAudioChain = { context: AudioContext; gain: GainNode };

/**
 * Plays every track at the same loudness (-14 LUFS) by applying its `loudness.gainDb` through a Web Audio
 * GainNode (the server already limited the boost so the true peak does not clip). The listener's volume
 * and mute ride on the same node, so the element itself stays at full volume and nothing is applied twice.
 *
 * Browsers start an AudioContext only after a user gesture, so the chain is built on the first one
 * ({@link activate}). Until then, or without Web Audio, the element's own volume carries the volume and
 * the attenuating part of the gain (an element cannot go above full volume).
 */
export class LoudnessGain {
  readonly #audio: HTMLAudioElement;
  #chain: WebAudioChain | null = null;
  #failed = false;
  #gainDb = 0;
  #volume = 1;
  #muted = false;

  constructor(audio: HTMLAudioElement) {
    this.#audio = audio;
  }

  /** Call from a user gesture (a click on Play, a key press). */
  activate(): void {
    if (this.#chain) {
      if (this.#chain.context.state === 'suspended') void this.#chain.context.resume();
      return;
    }
    if (this.#failed || typeof AudioContext === 'undefined') return;
    try {
      const context = new AudioContext();
      const gain = context.createGain();
      context.createMediaElementSource(this.#audio).connect(gain).connect(context.destination);
      this.#chain = { context, gain };
    } catch {
      // No Web Audio here: the element's volume does what it can (see apply).
      this.#failed = true;
    }
    this.#apply();
  }

  setGainDb(gainDb: number): void {
    this.#gainDb = gainDb;
    this.#apply();
  }

  setVolume(volume: number, muted: boolean): void {
    this.#volume = volume;
    this.#muted = muted;
    this.#apply();
  }

  #apply(): void {
    const loudness = 10 ** (this.#gainDb / 20);
    if (this.#chain) {
      this.#audio.volume = 1;
      this.#audio.muted = false;
      const { gain, context } = this.#chain;
      // A short ramp: an instant jump clicks.
      gain.gain.setTargetAtTime(this.#muted ? 0 : this.#volume * loudness, context.currentTime, 0.015);
      return;
    }
    this.#audio.volume = Math.min(1, this.#volume * Math.min(1, loudness));
    this.#audio.muted = this.#muted;
  }
}
