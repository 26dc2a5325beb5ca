import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runMediaTool } from './media-tools.ts';
import { MP3_DOWNLOAD_KBPS, renderMp3Download } from './mp3-download.ts';
import { probeAudio } from './probe-audio.ts';
import { MUSIC_LIKE, synthAudio, useMediaWorkspace } from './synth-media.ts';

const workspace = useMediaWorkspace();

it('renders a 320 kbit/s MP3 that decodes cleanly to the source duration', async () => {
  const source = await synthAudio(workspace.tools, join(workspace.dir, 'source.flac'), MUSIC_LIKE, 8, [
    '-c:a',
    'flac',
  ]);
  const mp3 = await renderMp3Download(workspace.tools, source, join(workspace.dir, 'download', 'track.mp3'));
  // probeAudio decodes the whole file and refuses any decoding error.
  const probed = await probeAudio(workspace.tools, mp3, { maxDurationSeconds: 60 });
  if (!probed.ok) throw new Error(probed.detail);
  expect(probed.audio.codec).toBe('mp3');
  expect(probed.audio.bitRate).toBe(MP3_DOWNLOAD_KBPS * 1000);
  expect(Math.abs(probed.audio.durationSeconds - 8)).toBeLessThan(0.1);
  const { stderr } = await runMediaTool(workspace.tools, 'ffmpeg', [
    '-v',
    'error',
    '-i',
    mp3,
    '-f',
    'null',
    '-',
  ]);
  expect(stderr).toBe('');
});
