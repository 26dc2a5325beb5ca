import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A_MINOR_120_BPM } from '../transcode/synth-media.ts';
import { ANALYSIS_SAMPLE_RATE, decodeAnalysisPcm } from './analysis-pcm.ts';
import { ABORTED, analyseTempoAndKey, detectTempoAndKey } from './tempo-key.ts';

const ffmpeg = '/usr/bin/ffmpeg';

let dir: string;
let loop: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'veza-tempo-key-'));
  loop = path.join(dir, 'a-minor-120.flac');
  execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', `${A_MINOR_120_BPM}:d=30`, loop]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tempo and key', () => {
  it('finds 120 BPM and A minor in a generated loop', async () => {
    const outcome = await analyseTempoAndKey(loop, { ffmpeg, timeoutMs: 120_000 });
    expect(outcome.reason).toBeNull();
    expect(outcome.analysis?.key).toBe('A minor');
    expect(outcome.analysis?.bpm).toBeGreaterThanOrEqual(119);
    expect(outcome.analysis?.bpm).toBeLessThanOrEqual(121);
    expect(outcome.analysis?.keyStrength).toBeGreaterThan(0.5);
  });

  it('decodes only the start of a long file, as mono float32 at 44.1 kHz', async () => {
    const pcm = await decodeAnalysisPcm(loop, { ffmpeg, maxSeconds: 10 });
    expect(pcm.length).toBe(10 * ANALYSIS_SAMPLE_RATE);
    expect(Math.max(...pcm.subarray(0, ANALYSIS_SAMPLE_RATE))).toBeGreaterThan(0.5);
  });

  it('gives up with a reason when the time budget runs out, terminating the worker', async () => {
    const pcm = await decodeAnalysisPcm(loop, { ffmpeg, maxSeconds: 30 });
    const outcome = await detectTempoAndKey(pcm, { timeoutMs: 1 });
    expect(outcome).toEqual({ analysis: null, reason: 'timed out after 1 ms' });
  });

  it('stops when its signal aborts, in the decode or in the worker', async () => {
    const before = new AbortController();
    before.abort();
    expect(await analyseTempoAndKey(loop, { ffmpeg, timeoutMs: 60_000, signal: before.signal })).toEqual({
      analysis: null,
      reason: ABORTED,
    });
    const pcm = await decodeAnalysisPcm(loop, { ffmpeg, maxSeconds: 30 });
    const during = new AbortController();
    const outcome = detectTempoAndKey(pcm, { timeoutMs: 60_000, signal: during.signal });
    during.abort();
    expect(await outcome).toEqual({ analysis: null, reason: ABORTED });
  });

  it('answers null with a reason for a file that is not audio', async () => {
    const text = path.join(dir, 'not-audio.mp3');
    writeFileSync(text, 'this is a text file, not an MP3\n'.repeat(100));
    const outcome = await analyseTempoAndKey(text, { ffmpeg, timeoutMs: 60_000 });
    expect(outcome.analysis).toBeNull();
    expect(outcome.reason).toMatch(/^ffmpeg could not decode the file: /);
  });

  it('answers null with a reason for PCM it cannot analyse', async () => {
    expect(await detectTempoAndKey(new Float32Array(0), { timeoutMs: 60_000 })).toEqual({
      analysis: null,
      reason: 'too short to analyse (under 5 s)',
    });
    const noise = new Float32Array(10 * ANALYSIS_SAMPLE_RATE).fill(Number.NaN);
    expect(await detectTempoAndKey(noise, { timeoutMs: 60_000 })).toEqual({
      analysis: null,
      reason: 'the samples are not finite numbers',
    });
  });

  it('leaves the tempo out of audio without a clear beat, and still finds its key', async () => {
    // An A-minor triad held over pink noise (seeded: the same noise every run): a key, but no beat
    // (essentia still guesses a tempo).
    const drone = path.join(dir, 'drone.flac');
    execFileSync(ffmpeg, [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'anoisesrc=color=pink:amplitude=0.1:sample_rate=44100:seed=7[n];aevalsrc=0.2*(sin(2*PI*220*t)+sin(2*PI*261.63*t)+sin(2*PI*329.63*t)):s=44100[t];[n][t]amix=inputs=2',
      '-t',
      '30',
      drone,
    ]);
    const outcome = await analyseTempoAndKey(drone, { ffmpeg, timeoutMs: 120_000 });
    expect(outcome.analysis?.bpm).toBeNull();
    // A-C-E under noise reads A minor or its relative C major (the same notes): either is a key.
    expect(outcome.analysis?.key).toMatch(/^(A minor|C major)$/);
    expect(outcome.reason).toMatch(/^no clear beat \(tempo confidence 0\.\d\d\)$/);
  });

  it('answers null with a reason for silence, where essentia still returns figures', async () => {
    const silence = new Float32Array(10 * ANALYSIS_SAMPLE_RATE);
    expect(await detectTempoAndKey(silence, { timeoutMs: 60_000 })).toEqual({
      analysis: null,
      reason: 'no tempo found',
    });
  });
});
