import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateMediaTools, type MediaTools } from './media-tools.ts';
import { probeAudio } from './probe-audio.ts';
import { synthAudio, synthTempDir } from './synth-media.ts';

let tools: MediaTools;
let temp: Awaited<ReturnType<typeof synthTempDir>>;

beforeAll(async () => {
  tools = await locateMediaTools();
  temp = await synthTempDir();
});
afterAll(() => temp.dispose());

const TONE = 'sine=frequency=440:sample_rate=48000';

describe('probeAudio', () => {
  it('describes a good FLAC', async () => {
    const file = await synthAudio(tools, join(temp.dir, 'good.flac'), TONE, 4, ['-ac', '2', '-c:a', 'flac']);
    const outcome = await probeAudio(tools, file, { maxDurationSeconds: 60 });
    expect(outcome).toMatchObject({ ok: true, audio: { codec: 'flac', sampleRate: 48000, channels: 2 } });
    if (outcome.ok) expect(outcome.audio.durationSeconds).toBeCloseTo(4, 2);
  });

  it('refuses a text file named .mp3 as not_audio', async () => {
    const file = join(temp.dir, 'letter.mp3');
    await writeFile(file, 'Dear listener,\nthis is not a song.\n'.repeat(40));
    expect(await probeAudio(tools, file, { maxDurationSeconds: 60 })).toMatchObject({
      ok: false,
      code: 'not_audio',
    });
  });

  it('refuses a picture (a media file without audio) as not_audio', async () => {
    const file = join(temp.dir, 'cover.png');
    await synthAudio(tools, file, 'color=c=red:s=32x32', 1, ['-frames:v', '1']);
    expect(await probeAudio(tools, file, { maxDurationSeconds: 60 })).toMatchObject({
      ok: false,
      code: 'not_audio',
    });
  });

  it('refuses a truncated FLAC as corrupt, though its header still declares the full length', async () => {
    const whole = await synthAudio(tools, join(temp.dir, 'whole.flac'), 'anoisesrc=sample_rate=44100', 10, [
      '-c:a',
      'flac',
    ]);
    const bytes = await readFile(whole);
    const cut = join(temp.dir, 'cut.flac');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
    expect(await probeAudio(tools, whole, { maxDurationSeconds: 60 })).toMatchObject({ ok: true });
    expect(await probeAudio(tools, cut, { maxDurationSeconds: 60 })).toMatchObject({
      ok: false,
      code: 'corrupt',
    });
  });

  it('refuses a 0-byte file as empty', async () => {
    const file = join(temp.dir, 'nothing.wav');
    await writeFile(file, '');
    expect(await probeAudio(tools, file, { maxDurationSeconds: 60 })).toMatchObject({
      ok: false,
      code: 'empty',
    });
  });

  it('refuses audio over the caller’s maximum as too_long, and accepts it under a larger one', async () => {
    const file = await synthAudio(tools, join(temp.dir, 'long.mp3'), TONE, 6, ['-c:a', 'libmp3lame']);
    expect(await probeAudio(tools, file, { maxDurationSeconds: 5 })).toMatchObject({
      ok: false,
      code: 'too_long',
    });
    expect(await probeAudio(tools, file, { maxDurationSeconds: 7 })).toMatchObject({
      ok: true,
      audio: { codec: 'mp3' },
    });
  });
});
