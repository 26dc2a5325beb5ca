/** How many seconds of progress reports the speed is averaged over: steady, yet quick to follow a change. */
const WINDOW_MS = 3_000;

type Sample = { at: number; bytes: number };

/** Bytes per second over the last few seconds of progress reports; starts again after a pause. */
export class TransferRate {
  #samples: Sample[] = [];

  add(bytes: number, at = performance.now()): void {
    this.#samples.push({ at, bytes });
    while (this.#samples.length > 2 && at - (this.#samples[0]?.at ?? at) > WINDOW_MS) this.#samples.shift();
  }

  reset(): void {
    this.#samples = [];
  }

  bytesPerSecond(): number | undefined {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last.at - first.at < 250) return undefined;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }
}
