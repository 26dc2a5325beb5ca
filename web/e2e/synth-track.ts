import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { locateMediaTools } from '../../server/src/audio/transcode/media-tools.ts';
import { MUSIC_LIKE, synthAudio } from '../../server/src/audio/transcode/synth-media.ts';

/** A WAV of music-like sound (pink noise under a tone) made with ffmpeg's lavfi, never downloaded. */
export async function synthWav(seconds: number): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veza-e2e-audio-'));
  try {
    const tools = await locateMediaTools();
    const file = await synthAudio(tools, path.join(dir, 'track.wav'), MUSIC_LIKE, seconds);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
