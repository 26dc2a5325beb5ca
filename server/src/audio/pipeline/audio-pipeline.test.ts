import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { eventually } from '../../../test/harness/veza-process.ts';
import { authService } from '../../user/auth/auth-service.ts';
import { streamService } from '../stream/stream-service.ts';
import { artist, trackWhen, uploadTrack, whenPlayable } from '../tracks/track-test-kit.ts';
import { tracksService } from '../tracks/tracks-service.ts';
import { QUIET_FFMPEG, runMediaTool } from '../transcode/media-tools.ts';
import { A_MINOR_120_BPM, MUSIC_LIKE, synthAudio, useMediaWorkspace } from '../transcode/synth-media.ts';
import { transcodeService } from '../transcode-service/transcode-service.ts';

/**
 * Acceptance 1 and 2 of issue 4, through the public API with the three audio services: uploads of each
 * format become ready, and what a player and ffprobe read over HTTP is right.
 */
const SECONDS = 14;

interface Probe {
  streams: { codec_name: string; bit_rate?: string; duration?: string }[];
  format: { duration: string; bit_rate?: string };
}

describe('audio pipeline: upload → transcode → stream', () => {
  const media = useMediaWorkspace();
  let runtime: TestRuntime;
  let user: TestUser;

  beforeAll(async () => {
    runtime = await startTestRuntime({
      services: [authService, tracksService, transcodeService, streamService],
    });
    user = await artist(runtime);
  });
  afterAll(() => runtime?.cleanup());

  const absolute = (url: string) => new URL(url, runtime.url).toString();
  async function ffprobe(target: string): Promise<Probe> {
    const { stdout } = await runMediaTool(media.tools, 'ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,bit_rate,duration:format=duration,bit_rate',
      '-of',
      'json',
      target,
    ]);
    return JSON.parse(stdout) as Probe;
  }
  async function ready(file: string, fields: Record<string, string> = {}) {
    const uploaded = await uploadTrack(runtime, user, file, fields);
    expect(uploaded.status).toBe(201);
    // biome-ignore lint/suspicious/noExplicitAny: the Track JSON
    const track: any = await trackWhen(
      runtime,
      user,
      uploaded.body.id,
      (t) => t.state === 'ready' || t.state === 'failed',
    );
    expect([track.state, track.failureReason]).toEqual(['ready', null]);
    await whenPlayable(runtime, track.playback.hls);
    return track;
  }

  for (const [format, encode] of [
    ['wav', []],
    ['flac', []],
    ['mp3', ['-c:a', 'libmp3lame', '-b:a', '256k']],
  ] as const) {
    it(`a ${format.toUpperCase()} upload becomes a ladder, a DASH manifest and an MP3 that all play`, async () => {
      const source = await synthAudio(media.tools, join(media.dir, `song.${format}`), MUSIC_LIKE, SECONDS, [
        ...encode,
      ]);
      const sourceDuration = Number((await ffprobe(source)).format.duration);
      const track = await ready(source, { downloadable: 'true' });
      expect(Math.abs(track.durationSeconds - sourceDuration)).toBeLessThanOrEqual(0.1);

      const masterResponse = await fetch(absolute(track.playback.hls));
      expect(masterResponse.headers.get('content-type')).toContain('application/vnd.apple.mpegurl');
      const master = await masterResponse.text();
      const variants = [...master.matchAll(/#EXT-X-STREAM-INF:([^\n]+)\n([^\n]+)/g)];
      expect(variants).toHaveLength(3);
      const masterUrl = absolute(track.playback.hls);
      for (const [index, [, attributes, uri]] of variants.entries()) {
        expect(attributes).toContain('CODECS="mp4a.40.2"');
        const kbps = [64, 128, 256][index] as number;
        const playlistUrl = new URL(uri as string, masterUrl).toString();
        // ffprobe reads the rendition over HTTP as a player would.
        const probed = await ffprobe(playlistUrl);
        expect(probed.streams[0]?.codec_name).toBe('aac');
        expect(Math.abs(Number(probed.format.duration) - sourceDuration)).toBeLessThanOrEqual(0.1);
        const bitRate = Number(probed.streams[0]?.bit_rate ?? probed.format.bit_rate) / 1000;
        expect(bitRate).toBeGreaterThan(kbps * 0.85);
        expect(bitRate).toBeLessThan(kbps * 1.15);
        // Every segment (and the init segment) downloads.
        const playlist = await (await fetch(playlistUrl)).text();
        const uris = [
          /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)?.[1] as string,
          ...playlist.split('\n').filter((line) => line && !line.startsWith('#')),
        ];
        expect(uris.length).toBe(1 + Math.ceil(sourceDuration / 6));
        for (const segment of uris) {
          const response = await fetch(new URL(segment, playlistUrl));
          expect([segment, response.status]).toEqual([segment, 200]);
          expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
        }
      }

      const dash = await ffprobe(absolute(track.playback.dash));
      expect(dash.streams.map((stream) => stream.codec_name)).toEqual(['aac', 'aac', 'aac']);

      const mp3Path = join(media.dir, `download-${format}.mp3`);
      await writeFile(mp3Path, Buffer.from(await (await fetch(absolute(track.playback.mp3))).arrayBuffer()));
      const mp3 = await ffprobe(mp3Path);
      expect(mp3.streams[0]?.codec_name).toBe('mp3');
      expect(Math.abs(Number(mp3.format.duration) - sourceDuration)).toBeLessThanOrEqual(0.1);
      // "Plays": the whole file decodes without a single error.
      const decoded = await runMediaTool(media.tools, 'ffmpeg', [
        ...QUIET_FFMPEG,
        '-i',
        mp3Path,
        '-f',
        'null',
        '-',
      ]);
      expect(decoded.stderr).toBe('');

      const waveform = await (await fetch(absolute(track.playback.waveform))).json();
      expect(JSON.stringify(waveform).length).toBeGreaterThan(1000);
    });
  }

  it('reports 120 ± 1 BPM and A minor for the reference loop, and loudness within 0.5 LU of ebur128', async () => {
    const loop = await synthAudio(media.tools, join(media.dir, 'a-minor-120.flac'), A_MINOR_120_BPM, 30);
    const track = await ready(loop);
    expect(track.key).toBe('A minor');
    expect(Math.abs(track.bpm - 120)).toBeLessThanOrEqual(1);

    // ffmpeg's own reading of the same file, parsed here independently of the service's parser.
    const { stderr } = await runMediaTool(media.tools, 'ffmpeg', [
      '-nostdin',
      '-hide_banner',
      '-nostats',
      '-i',
      loop,
      '-af',
      'ebur128',
      '-f',
      'null',
      '-',
    ]);
    const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
    const integrated = Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)?.[1]);
    expect(Number.isFinite(integrated)).toBe(true);
    expect(Math.abs(track.loudness.integratedLufs - integrated)).toBeLessThanOrEqual(0.5);
    // Played with its gain, the track never goes above -14 LUFS.
    expect(track.loudness.gainDb).toBeLessThanOrEqual(-14 - track.loudness.integratedLufs + 0.05);
  });

  it('replacing the audio plays the new version once ready and removes the old one’s files', async () => {
    const first = await ready(await synthAudio(media.tools, join(media.dir, 'v1.wav'), MUSIC_LIKE, 7));
    const second = await synthAudio(media.tools, join(media.dir, 'v2.flac'), MUSIC_LIKE, 9);
    const replaced = await uploadTrack(
      runtime,
      user,
      second,
      {},
      { method: 'PUT', path: `/tracks/${first.id}/audio` },
    );
    expect(replaced.body).toMatchObject({ version: 2, state: 'uploaded', playback: { version: 1 } });
    // biome-ignore lint/suspicious/noExplicitAny: the Track JSON
    const track: any = await trackWhen(
      runtime,
      user,
      first.id,
      (t) => t.state === 'ready' && t.version === 2,
    );
    expect(track.playback.version).toBe(2);
    await whenPlayable(runtime, track.playback.hls);
    expect(Math.abs(track.durationSeconds - 9)).toBeLessThanOrEqual(0.1);
    // The transcode worker removes the old renditions right after committing the new version's success.
    const keys = await eventually(
      async () => [
        ...(await runtime.adapters.storage.list(`tracks/${first.id}/`)),
        ...(await runtime.adapters.storage.list(`audio/${first.id}/`)),
      ],
      (found) => !found.some((key) => key.includes('/v1/')),
    );
    expect(keys).toContain(`audio/${first.id}/v2/master.m3u8`);
    expect((await fetch(absolute(first.playback.hls))).status).toBe(404);
  });

  it('lists a ready public track on the artist’s page', async () => {
    const listed = await api(runtime, 'GET', `/tracks?artist=${user.username}`);
    expect(listed.status).toBe(200);
    expect(listed.body.tracks.length).toBeGreaterThanOrEqual(5);
    expect(listed.body.tracks.every((track: { state: string }) => track.state === 'ready')).toBe(true);
  });
});
