import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeAudio } from './probe-audio.ts';
import { synthAudio, useMediaWorkspace } from './synth-media.ts';

const workspace = useMediaWorkspace();

const TONE = 'sine=frequency=440:sample_rate=48000';

describe('probeAudio', () => {
  it('describes a good FLAC', async () => {
    const file = await synthAudio(workspace.tools, join(workspace.dir, 'good.flac'), TONE, 4, [
      '-ac',
      '2',
      '-c:a',
      'flac',
    ]);
    const outcome = await probeAudio(workspace.tools, file, { maxDurationSeconds: 60 });
    expect(outcome).toMatchObject({ ok: true, audio: { codec: 'flac', sampleRate: 48000, channels: 2 } });
    if (outcome.ok) expect(outcome.audio.durationSeconds).toBeCloseTo(4, 2);
  });

  it('refuses a text file named .mp3 as not_audio', async () => {
    const file = join(workspace.dir, 'letter.mp3');
    await writeFile(file, 'Dear listener,\nthis is not a song.\n'.repeat(40));
    expect(await probeAudio(workspace.tools, file, { maxDurationSeconds: 60 })).toMatchObject({
      ok: false,
      code: 'not_audio',
    });
  });

  it('refuses a picture (a media file without audio) as not_audio', async () => {
    const file = join(workspace.dir, 'cover.png');
    await synthAudio(workspace.tools, file, 'color=c=red:s=32x32', 1, ['-frames:v', '1']);
    expect(await probeAudio(workspace.tools, file, { maxDurationSeconds: 60 })).toMatchObject({
      ok: false,
      code: 'not_audio',
    });
  });

  it('refuses a truncated FLAC as corrupt, though its header still declares the full length', async () => {
    const whole = await synthAudio(
      workspace.tools,
      join(workspace.dir, 'whole.flac'),
      'anoisesrc=sample_rate=44100',
      10,
      ['-c:a', 'flac'],
    );
    const bytes = await readFile(whole);
    const cut = join(workspace.dir, 'cut.flac');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
    expect(await probeAudio(workspace.tools, whole, { maxDurationSeconds: 60 })).toMatchObject({ ok: true });
    expect(await probeAudio(workspace.tools, cut, { maxDurationSeconds: 60 })).toMatchObject({
      ok: false,
      code: 'corrupt',
    });
  });

  it('refuses a 0-byte file as empty', async () => {
    const file = join(workspace.dir, 'nothing.wav');
    await writeFile(file, '');
    expect(await probeAudio(workspace.tools, file, { maxDurationSeconds: 60 })).toMatchObject({
      ok: false,
      code: 'empty',
    });
  });

  it('refuses audio over the caller’s maximum as too_long, and accepts it under a larger one', async () => {
    const file = await synthAudio(workspace.tools, join(workspace.dir, 'long.mp3'), TONE, 6, [
      '-c:a',
      'libmp3lame',
    ]);
    expect(await probeAudio(workspace.tools, file, { maxDurationSeconds: 5 })).toMatchObject({
      ok: false,
      code: 'too_long',
    });
    expect(await probeAudio(workspace.tools, file, { maxDurationSeconds: 7 })).toMatchObject({
      ok: true,
      audio: { codec: 'mp3' },
    });
  });
});
