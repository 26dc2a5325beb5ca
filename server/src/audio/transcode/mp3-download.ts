import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type MediaTools, QUIET_FFMPEG, runMediaTool } from './media-tools.ts';

export const MP3_DOWNLOAD_KBPS = 320;

/**
 * The MP3 offered for download: 320 kbit/s CBR, 44.1 kHz, the most widely playable form (V0 is
 * smaller but some car stereos and DJ software still mis-seek VBR without a Xing header). Audio
 * only: the service writes its own tags and artwork from the track's metadata.
 */
export async function renderMp3Download(
  tools: MediaTools,
  input: string,
  output: string,
  options: { signal?: AbortSignal } = {},
): Promise<string> {
  await mkdir(dirname(resolve(output)), { recursive: true });
  await runMediaTool(
    tools,
    'ffmpeg',
    [
      ...QUIET_FFMPEG,
      '-y',
      '-i',
      resolve(input),
      '-map',
      '0:a:0',
      '-vn',
      '-map_metadata',
      '-1',
      '-c:a',
      'libmp3lame',
      '-b:a',
      `${MP3_DOWNLOAD_KBPS}k`,
      '-ar',
      '44100',
      '-f',
      'mp3',
      resolve(output),
    ],
    { signal: options.signal },
  );
  return output;
}
