import { type KeyboardEvent, type PointerEvent, type RefObject, useEffect, useRef, useState } from 'react';
import type { Track } from '../../api/track-types.ts';
import { usePlayer, usePlayerState } from '../../player/player-context.tsx';
import { formatTime } from '../../player/time-format.ts';
import { useWaveformPeaks } from './use-waveform-peaks.ts';
import { drawWaveform } from './waveform-drawing.ts';

const KEY_STEP_S = 5;

/** Fits the canvas's backing store to its CSS box at the screen's pixel density. */
function useCanvasSize(canvas: RefObject<HTMLCanvasElement | null>) {
  const [size, setSize] = useState({ width: 0, height: 0, ratio: 1 });
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const ratio = window.devicePixelRatio || 1;
      const { width, height } = entry.contentRect;
      element.width = Math.round(width * ratio);
      element.height = Math.round(height * ratio);
      setSize({ width, height, ratio });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [canvas]);
  return size;
}

/**
 * The track's waveform with the played part drawn over it. A click or a drag seeks (and starts this track
 * when another one, or none, is playing); arrow keys step 5 s.
 */
export function Waveform({ track, secret }: { track: Track; secret?: string }) {
  const player = usePlayer();
  const state = usePlayerState();
  const peaks = useWaveformPeaks(track);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useCanvasSize(canvas);
  const [pointer, setPointer] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const current = state.entries[state.index]?.track.id === track.id;
  const duration = track.durationSeconds ?? peaks.data?.durationSeconds ?? 0;
  const position = current ? state.currentTime : 0;
  const playing = current && state.status === 'playing';

  // Redrawn on every change; while this track plays, every animation frame from the live position.
  useEffect(() => {
    const element = canvas.current;
    if (!element || size.width === 0) return;
    const draw = (seconds: number) =>
      drawWaveform(element, size.ratio, {
        peaks: peaks.data?.peaks ?? [],
        progress: duration > 0 ? Math.min(1, seconds / duration) : 0,
        pointer,
      });
    if (!playing || dragging) {
      draw(dragging && pointer !== null ? pointer * duration : position);
      return;
    }
    let frame = requestAnimationFrame(function tick() {
      draw(player.position());
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [peaks.data, size, pointer, dragging, playing, position, duration, player]);

  const seekTo = (seconds: number) => {
    const target = Math.min(Math.max(0, seconds), duration);
    if (player.isCurrent(track.id)) {
      player.seek(target);
      player.play();
    } else {
      player.playNow(track, { startAt: target, ...(secret ? { secret } : {}) });
    }
  };
  const fractionAt = (event: PointerEvent) => {
    const box = event.currentTarget.getBoundingClientRect();
    return Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
  };

  const ready = Boolean(track.playback) && duration > 0;
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!ready || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setDragging(true);
    setPointer(fractionAt(event));
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => ready && setPointer(fractionAt(event));
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (!dragging) return;
    setDragging(false);
    seekTo(fractionAt(event) * duration);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = { ArrowLeft: -KEY_STEP_S, ArrowRight: KEY_STEP_S }[event.key];
    const jump = { Home: 0, End: duration }[event.key];
    if (!ready || (step === undefined && jump === undefined)) return;
    event.preventDefault();
    seekTo(jump ?? position + (step ?? 0));
  };

  return (
    <div className="waveform" data-ready={ready}>
      <div
        className="waveform-surface"
        role="slider"
        tabIndex={ready ? 0 : -1}
        aria-label={`Seek in ${track.title}`}
        aria-valuemin={0}
        aria-valuemax={Math.round(duration)}
        aria-valuenow={Math.round(position)}
        aria-valuetext={`${formatTime(position)} of ${formatTime(duration)}`}
        aria-disabled={!ready}
        data-testid="waveform"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDragging(false)}
        onPointerLeave={() => !dragging && setPointer(null)}
        onKeyDown={onKeyDown}
      >
        <canvas ref={canvas} className="waveform-canvas" />
        {ready && (
          <>
            <span className="waveform-time waveform-time-position">{formatTime(position)}</span>
            <span className="waveform-time waveform-time-duration">{formatTime(duration)}</span>
          </>
        )}
        {pointer !== null && ready && (
          <span className="waveform-pointer" style={{ left: `${pointer * 100}%` }}>
            {formatTime(pointer * duration)}
          </span>
        )}
      </div>
      {!track.playback && <p className="field-hint">The waveform appears once the track is processed.</p>}
      {peaks.isError && <p className="field-hint">{peaks.error.message}</p>}
    </div>
  );
}
