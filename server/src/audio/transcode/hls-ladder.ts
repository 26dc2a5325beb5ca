import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type MediaTools, QUIET_FFMPEG, runMediaTool } from './media-tools.ts';

/** The AAC ladder of issue 4, in kbit/s. */
export const AAC_LADDER_KBPS = [64, 128, 256] as const;
/** AAC-LC, the one codec every HLS/DASH player and MSE implementation decodes. */
export const AAC_CODECS = 'mp4a.40.2';
/** Every rendition shares one sample rate and channel count so players can switch without a glitch. */
export const LADDER_SAMPLE_RATE = 44_100;
export const LADDER_CHANNELS = 2;

export const MASTER_PLAYLIST = 'master.m3u8';
export const RENDITION_PLAYLIST = 'index.m3u8';
export const INIT_SEGMENT = 'init.mp4';
export const SEGMENT_PATTERN = 'seg-%05d.m4s';

export interface Segment {
  /** Relative to the rendition's folder. */
  uri: string;
  durationSeconds: number;
  bytes: number;
}

export interface Rendition {
  kbps: number;
  /** Folder relative to the output root, e.g. `128`. */
  dir: string;
  playlist: string;
  init: string;
  segments: Segment[];
  /** Peak segment bit rate (HLS BANDWIDTH) and mean bit rate (AVERAGE-BANDWIDTH), in bit/s. */
  peakBitRate: number;
  averageBitRate: number;
}

export interface HlsLadder {
  master: string;
  durationSeconds: number;
  sampleRate: number;
  channels: number;
  codecs: string;
  renditions: Rendition[];
}

export interface LadderOptions {
  ladderKbps?: readonly number[];
  segmentSeconds?: number;
  signal?: AbortSignal;
}

/**
 * Encodes the AAC ladder as HLS fMP4 under `<outDir>/<kbps>/` and writes `<outDir>/master.m3u8`.
 * One ffmpeg run per rendition (not one run with `var_stream_map`) because the npm-shipped fallback
 * build rejects named streams in `var_stream_map`; runs are sequential so one transcode takes one
 * core and the service's concurrency setting means what it says.
 */
export async function renderHlsLadder(
  tools: MediaTools,
  input: string,
  outDir: string,
  options: LadderOptions = {},
): Promise<HlsLadder> {
  const source = resolve(input);
  const renditions: Rendition[] = [];
  for (const kbps of options.ladderKbps ?? AAC_LADDER_KBPS) {
    const dir = String(kbps);
    const cwd = join(outDir, dir);
    await mkdir(cwd, { recursive: true });
    // Run inside the rendition folder with bare file names: both ffmpeg versions then put the init
    // segment beside the media segments and write relative URIs into the playlist.
    await runMediaTool(
      tools,
      'ffmpeg',
      [
        ...QUIET_FFMPEG,
        '-y',
        '-i',
        source,
        '-map',
        '0:a:0',
        '-vn',
        '-sn',
        '-dn',
        '-map_metadata',
        '-1',
        '-c:a',
        'aac',
        '-b:a',
        `${kbps}k`,
        '-ar',
        String(LADDER_SAMPLE_RATE),
        '-ac',
        String(LADDER_CHANNELS),
        '-f',
        'hls',
        '-hls_time',
        String(options.segmentSeconds ?? 6),
        '-hls_playlist_type',
        'vod',
        '-hls_segment_type',
        'fmp4',
        '-hls_fmp4_init_filename',
        INIT_SEGMENT,
        '-hls_segment_filename',
        SEGMENT_PATTERN,
        RENDITION_PLAYLIST,
      ],
      { cwd, signal: options.signal },
    );
    renditions.push(await readRendition(outDir, dir, kbps));
  }
  const first = renditions[0];
  if (!first) throw new Error('the ladder has no rendition');
  await writeFile(join(outDir, MASTER_PLAYLIST), masterPlaylist(renditions));
  return {
    master: MASTER_PLAYLIST,
    durationSeconds: totalDuration(first),
    sampleRate: LADDER_SAMPLE_RATE,
    channels: LADDER_CHANNELS,
    codecs: AAC_CODECS,
    renditions,
  };
}

/** The master playlist, lowest bit rate first (players pick their start level by bandwidth estimate). */
export function masterPlaylist(renditions: readonly Rendition[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const r of [...renditions].sort((a, b) => a.kbps - b.kbps)) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${r.peakBitRate},AVERAGE-BANDWIDTH=${r.averageBitRate},CODECS="${AAC_CODECS}"`,
      `${r.dir}/${r.playlist}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function readRendition(outDir: string, dir: string, kbps: number): Promise<Rendition> {
  const playlist = await readFile(join(outDir, dir, RENDITION_PLAYLIST), 'utf8');
  const segments: Segment[] = [];
  let pending: number | null = null;
  for (const raw of playlist.split('\n')) {
    const line = raw.trim();
    const extinf = /^#EXTINF:([\d.]+)/.exec(line);
    if (extinf) pending = Number(extinf[1]);
    else if (line && !line.startsWith('#') && pending !== null) {
      const { size } = await stat(join(outDir, dir, line));
      segments.push({ uri: line, durationSeconds: pending, bytes: size });
      pending = null;
    }
  }
  if (segments.length === 0) throw new Error(`rendition ${dir} has no segments`);
  const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)?.[1] ?? INIT_SEGMENT;
  const totalBytes = segments.reduce((sum, s) => sum + s.bytes, 0);
  const duration = segments.reduce((sum, s) => sum + s.durationSeconds, 0);
  // HLS requires BANDWIDTH >= every segment's bit rate, the short last one included.
  const peak = Math.max(...segments.map((s) => (s.bytes * 8) / Math.max(s.durationSeconds, 0.001)));
  return {
    kbps,
    dir,
    playlist: RENDITION_PLAYLIST,
    init,
    segments,
    peakBitRate: Math.ceil(peak),
    averageBitRate: Math.ceil((totalBytes * 8) / Math.max(duration, 0.001)),
  };
}

function totalDuration(rendition: Rendition): number {
  return rendition.segments.reduce((sum, s) => sum + s.durationSeconds, 0);
}
