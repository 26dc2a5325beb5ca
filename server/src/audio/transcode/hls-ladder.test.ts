import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDashManifest } from './dash-manifest.ts';
import { AAC_CODECS, type HlsLadder, renderHlsLadder } from './hls-ladder.ts';
import { locateMediaTools, runMediaTool } from './media-tools.ts';
import { probeAudio } from './probe-audio.ts';
import { MUSIC_LIKE, synthAudio, useMediaWorkspace } from './synth-media.ts';

const SECONDS = 13.5;
const workspace = useMediaWorkspace();

interface Probed {
  codec: string;
  bitRate: number;
  duration: number;
}

/** ffprobe reads the rendition as a player would: through its HLS playlist. */
async function probeRendition(playlist: string): Promise<Probed> {
  const { stdout } = await runMediaTool(workspace.tools, 'ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_name,bit_rate:format=duration',
    '-of',
    'json',
    playlist,
  ]);
  const json = JSON.parse(stdout) as {
    streams: { codec_name: string; bit_rate: string }[];
    format: { duration: string };
  };
  return {
    codec: json.streams[0]!.codec_name,
    bitRate: Number(json.streams[0]!.bit_rate),
    duration: Number(json.format.duration),
  };
}

async function checkLadder(out: string, ladder: HlsLadder, sourceDuration: number): Promise<void> {
  expect(ladder.renditions.map((r) => r.kbps)).toEqual([64, 128, 256]);
  for (const rendition of ladder.renditions) {
    const probed = await probeRendition(join(out, rendition.dir, rendition.playlist));
    expect(probed.codec).toBe('aac');
    expect(Math.abs(probed.duration - sourceDuration)).toBeLessThanOrEqual(0.1);
    expect(probed.bitRate / 1000).toBeGreaterThan(rendition.kbps * 0.85);
    expect(probed.bitRate / 1000).toBeLessThan(rendition.kbps * 1.15);
    await access(join(out, rendition.dir, rendition.init));
    for (const segment of rendition.segments) {
      await access(join(out, rendition.dir, segment.uri));
      expect(segment.durationSeconds).toBeLessThanOrEqual(6.5);
    }
    expect(rendition.segments.length).toBe(Math.ceil(sourceDuration / 6));
  }

  const master = await readFile(join(out, ladder.master), 'utf8');
  const variants = [...master.matchAll(/#EXT-X-STREAM-INF:([^\n]+)\n([^\n]+)/g)];
  expect(variants).toHaveLength(3);
  for (const [, attributes, uri] of variants) {
    expect(attributes).toContain(`CODECS="${AAC_CODECS}"`);
    expect(Number(/BANDWIDTH=(\d+)/.exec(attributes!)?.[1])).toBeGreaterThan(0);
    // Every segment the variant playlist lists exists on disk.
    const variant = await readFile(join(out, uri!), 'utf8');
    const dir = join(out, uri!, '..');
    for (const line of variant.split('\n').filter((l) => l && !l.startsWith('#')))
      await access(join(dir, line));
    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(variant)?.[1];
    await access(join(dir, init!));
  }

  const mpdName = await writeDashManifest(out, ladder);
  const mpd = await readFile(join(out, mpdName), 'utf8');
  checkMpdStructure(mpd);
  const representations = [...mpd.matchAll(/<Representation\b[^>]*>([\s\S]*?)<\/Representation>/g)];
  expect(representations).toHaveLength(3);
  for (const [whole, body] of representations) {
    expect(whole).toContain(`codecs="${AAC_CODECS}"`);
    const init = /<Initialization sourceURL="([^"]+)"/.exec(body!)?.[1];
    await access(join(out, init!));
    const media = [...body!.matchAll(/<SegmentURL media="([^"]+)"/g)].map((m) => m[1]!);
    const durations = [...body!.matchAll(/<S d="(\d+)"/g)].map((m) => Number(m[1]));
    expect(media.length).toBeGreaterThan(1);
    expect(durations).toHaveLength(media.length);
    for (const uri of media) await access(join(out, uri));
    expect(Math.abs(durations.reduce((a, b) => a + b, 0) / ladder.sampleRate - sourceDuration)).toBeLessThan(
      0.1,
    );
  }
  // ffprobe's own DASH demuxer reads the manifest and finds the three representations.
  const { stdout } = await runMediaTool(workspace.tools, 'ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_name',
    '-of',
    'json',
    join(out, mpdName),
  ]);
  const dash = JSON.parse(stdout) as { streams: { codec_name: string }[] };
  expect(dash.streams.map((s) => s.codec_name)).toEqual(['aac', 'aac', 'aac']);
}

/** A structural XML check without a parser: declaration, one root, and every tag closed in order. */
function checkMpdStructure(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const stack: string[] = [];
  const tags = xml
    .replace(/<\?xml[^>]*\?>/, '')
    .matchAll(/<(\/?)([A-Za-z][\w:]*)((?:\s+[\w:]+="[^"<]*")*)\s*(\/?)>/g);
  let roots = 0;
  for (const [, closing, name, , selfClosing] of tags) {
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
  expect(xml).toMatch(/<MPD [^>]*type="static"/);
  expect(xml.match(/<AdaptationSet\b/g)).toHaveLength(1);
}

describe('HLS ladder and DASH manifest', () => {
  const inputs: [string, string[]][] = [
    ['wav', ['-c:a', 'pcm_s16le']],
    ['flac', ['-c:a', 'flac']],
    ['mp3', ['-c:a', 'libmp3lame', '-b:a', '192k']],
  ];
  for (const [ext, encode] of inputs) {
    it(`turns a ${ext.toUpperCase()} upload into three AAC renditions with a master playlist and an MPD`, async () => {
      const input = await synthAudio(
        workspace.tools,
        join(workspace.dir, `source.${ext}`),
        MUSIC_LIKE,
        SECONDS,
        encode,
      );
      const probed = await probeAudio(workspace.tools, input, { maxDurationSeconds: 60 });
      if (!probed.ok) throw new Error(probed.detail);
      const out = join(workspace.dir, `out-${ext}`);
      const ladder = await renderHlsLadder(workspace.tools, input, out);
      await checkLadder(out, ladder, probed.audio.durationSeconds);
    });
  }

  it('renders the same ladder with the npm-shipped fallback ffmpeg', async () => {
    const bundled = await locateMediaTools({ prefer: 'bundled' });
    expect(bundled.source).toEqual({ ffmpeg: 'bundled', ffprobe: 'bundled' });
    const input = await synthAudio(
      workspace.tools,
      join(workspace.dir, 'fallback.flac'),
      MUSIC_LIKE,
      SECONDS,
      ['-c:a', 'flac'],
    );
    const out = join(workspace.dir, 'out-fallback');
    const ladder = await renderHlsLadder(bundled, input, out);
    // Checked with the reference tools, as the files will be read by players, not by their maker.
    await checkLadder(out, ladder, SECONDS);
  });
});
