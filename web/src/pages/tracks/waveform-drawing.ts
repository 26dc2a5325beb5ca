/** Bars of 2 CSS px with 1 px gaps, as SoundCloud-like waveforms draw them. */
const BAR_PX = 2;
const GAP_PX = 1;
/** The bars stand on a line at 70% of the height; the part below is their dimmer reflection. */
const BASELINE = 0.7;
/**
 * Heights are scaled to the track's own loudest peak, so a quietly mastered track still shows its shape
 * (playback is loudness-normalized anyway); the floor keeps near-silence from being blown up into noise.
 */
const QUIETEST_SCALED_PEAK = 0.05;

const COLORS = {
  played: ['#8b5cf6', '#ec4899'],
  unplayed: '#3b4458',
  /** Unplayed bars between the play head and the pointer: where a click would jump to. */
  preview: '#6d5a9e',
} as const;

export type WaveformFrame = {
  peaks: readonly number[];
  /** Played part, 0..1. */
  progress: number;
  /** Where the pointer is, 0..1, or null. */
  pointer: number | null;
};

/** The loudest peak of each bar's slice (so no transient disappears between bars), scaled to 0..1. */
function barHeights(peaks: readonly number[], bars: number): number[] {
  const heights = new Array<number>(bars).fill(0);
  if (peaks.length === 0) return heights;
  const scale = 1 / Math.max(QUIETEST_SCALED_PEAK, ...peaks);
  for (let bar = 0; bar < bars; bar++) {
    const from = Math.floor((bar * peaks.length) / bars);
    const to = Math.max(from + 1, Math.floor(((bar + 1) * peaks.length) / bars));
    let loudest = 0;
    for (let i = from; i < to; i++) loudest = Math.max(loudest, peaks[i] ?? 0);
    heights[bar] = Math.min(1, loudest * scale);
  }
  return heights;
}

/** Draws one frame on a canvas whose backing store is `ratio` times its CSS size. */
export function drawWaveform(canvas: HTMLCanvasElement, ratio: number, frame: WaveformFrame): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const width = canvas.width / ratio;
  const height = canvas.height / ratio;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);

  const bars = Math.max(1, Math.floor(width / (BAR_PX + GAP_PX)));
  const heights = barHeights(frame.peaks, bars);
  const baseline = Math.round(height * BASELINE);
  const played = context.createLinearGradient(0, 0, width, 0);
  played.addColorStop(0, COLORS.played[0]);
  played.addColorStop(1, COLORS.played[1]);
  const progressX = frame.progress * width;
  const pointerX = frame.pointer === null ? null : frame.pointer * width;

  for (let bar = 0; bar < bars; bar++) {
    const x = bar * (BAR_PX + GAP_PX);
    // A floor of 1 px keeps silence visible as a line.
    const up = Math.max(1, (heights[bar] ?? 0) * (baseline - 2));
    const down = Math.max(1, (heights[bar] ?? 0) * (height - baseline - 2));
    const isPlayed = x < progressX;
    // Between the play head and the pointer: played bars dim, unplayed ones light up.
    const inPreview = pointerX !== null && (isPlayed ? x >= pointerX : x < pointerX);
    context.fillStyle = isPlayed ? played : inPreview ? COLORS.preview : COLORS.unplayed;
    const alpha = isPlayed && inPreview ? 0.6 : 1;
    context.globalAlpha = alpha;
    context.fillRect(x, baseline - up, BAR_PX, up);
    context.globalAlpha = alpha * 0.45;
    context.fillRect(x, baseline + 1, BAR_PX, down);
  }
  context.globalAlpha = 1;
}
