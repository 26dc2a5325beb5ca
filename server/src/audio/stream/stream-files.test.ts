import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededTrack } from '../../../test/fixtures/audio-fixture.ts';
import { api, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { eventually } from '../../../test/harness/veza-process.ts';
import { originalKey } from '../shared/media-keys.ts';
import {
  changeAccess,
  fetchStream,
  fileUrl,
  seedTrack,
  signToken,
  startStreamRuntime,
} from './stream-test-kit.ts';

let runtime: TestRuntime;
let owner: TestUser;
let stranger: TestUser;
let open: SeededTrack;

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SEGMENT = '128/seg-00000.m4s';

const stored = async (track: SeededTrack, file: string) => {
  const object = await runtime.adapters.storage.get(`audio/${track.trackId}/v${track.version}/${file}`);
  if (!object) throw new Error(`${file} is not in storage`);
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** The URIs a playlist lists: URI lines and URI="…" attributes of HLS, URI attributes of DASH. */
function listedUris(playlist: string): string[] {
  if (playlist.startsWith('#EXTM3U')) {
    return playlist.split('\n').flatMap((line) => {
      if (line.startsWith('#')) return [...line.matchAll(/URI="([^"]*)"/g)].map((match) => match[1]!);
      return line.trim() ? [line.trim()] : [];
    });
  }
  return [...playlist.matchAll(/\b(?:media|sourceURL|initialization)="([^"]*)"/g)].map((match) =>
    match[1]!.replaceAll('&amp;', '&'),
  );
}

/** Resolves a URI listed in a playlist against the playlist's path, as players do. */
function resolveFrom(playlistPath: string, uri: string): string {
  const url = new URL(uri, `http://player${playlistPath}`);
  return url.pathname + url.search;
}

beforeAll(async () => {
  runtime = await startStreamRuntime();
  owner = await signUpVerified(runtime);
  stranger = await signUpVerified(runtime);
  open = await seedTrack(runtime, { ownerId: owner.id, visibility: 'public', downloadable: false });
});
afterAll(() => runtime?.cleanup());

describe('a public track', () => {
  it('serves every file of its rendition with its content type, length and immutable caching', async () => {
    const expectedTypes: Record<string, string> = {
      'master.m3u8': 'application/vnd.apple.mpegurl',
      'manifest.mpd': 'application/dash+xml',
      '64/index.m3u8': 'application/vnd.apple.mpegurl',
      '256/init.mp4': 'audio/mp4',
      [SEGMENT]: 'audio/mp4',
      'waveform.json': 'application/json',
    };
    for (const [file, type] of Object.entries(expectedTypes)) {
      const got = await fetchStream(runtime, fileUrl(open, file));
      expect(got.status, file).toBe(200);
      expect(got.headers.get('content-type'), file).toBe(type);
      expect(got.headers.get('cache-control'), file).toBe(IMMUTABLE);
      expect(got.headers.get('accept-ranges'), file).toBe('bytes');
      expect(got.headers.get('etag'), file).toBe(`"${open.trackId}.1.${file}"`);
      expect(got.bytes.equals(await stored(open, file)), file).toBe(true);
      expect(Number(got.headers.get('content-length')), file).toBe(got.bytes.length);
    }
    // The master playlist is served as stored: no token on a public track.
    const master = await fetchStream(runtime, fileUrl(open, 'master.m3u8'));
    expect(listedUris(master.text)).toEqual(['64/index.m3u8', '128/index.m3u8', '256/index.m3u8']);
  });

  it('lists every segment of every rendition, and each downloads', async () => {
    const segments = open.files.filter((file) => file.endsWith('.m4s'));
    expect(segments.length).toBeGreaterThanOrEqual(6); // 3 renditions × at least 2 segments of a 14 s track
    for (const file of segments)
      expect((await fetchStream(runtime, fileUrl(open, file))).status, file).toBe(200);
  });

  it('answers 304 to a matching If-None-Match, with the ETag and caching but no body', async () => {
    const first = await fetchStream(runtime, fileUrl(open, SEGMENT));
    const etag = first.headers.get('etag')!;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await fetchStream(runtime, fileUrl(open, SEGMENT), { 'if-none-match': header });
      expect(again.status, header).toBe(304);
      expect(again.bytes.length).toBe(0);
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe(IMMUTABLE);
    }
    expect((await fetchStream(runtime, fileUrl(open, SEGMENT), { 'if-none-match': '"other"' })).status).toBe(
      200,
    );
  });

  it('serves byte ranges: bounded, open-ended, suffix; 416 past the end', async () => {
    const whole = await stored(open, SEGMENT);
    const size = whole.length;
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      [`bytes=100-`, 100, size - 1],
      ['bytes=-50', size - 50, size - 1],
      [`bytes=10-${size + 1000}`, 10, size - 1],
    ];
    for (const [header, start, end] of cases) {
      const got = await fetchStream(runtime, fileUrl(open, SEGMENT), { range: header });
      expect(got.status, header).toBe(206);
      expect(got.headers.get('content-range'), header).toBe(`bytes ${start}-${end}/${size}`);
      expect(Number(got.headers.get('content-length')), header).toBe(end - start + 1);
      expect(got.bytes.equals(whole.subarray(start, end + 1)), header).toBe(true);
      expect(got.headers.get('cache-control')).toBe(IMMUTABLE);
    }
    const past = await fetchStream(runtime, fileUrl(open, SEGMENT), { range: `bytes=${size}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`);
    expect(JSON.parse(past.text).code).toBe('range_not_satisfiable');
    expect(past.headers.get('cache-control')).toBeNull();
    // Several ranges, or another unit: the whole file.
    for (const header of ['bytes=0-1,5-6', 'items=0-1'])
      expect((await fetchStream(runtime, fileUrl(open, SEGMENT), { range: header })).status, header).toBe(
        200,
      );
    // If-Range names another version of the file: the whole file, not a range of something else.
    const stale = await fetchStream(runtime, fileUrl(open, SEGMENT), {
      range: 'bytes=0-9',
      'if-range': '"old"',
    });
    expect(stale.status).toBe(200);
    expect(stale.bytes.length).toBe(size);
    const current = await fetchStream(runtime, fileUrl(open, SEGMENT), {
      range: 'bytes=0-9',
      'if-range': `"${open.trackId}.1.${SEGMENT}"`,
    });
    expect(current.status).toBe(206);
  });

  it('answers HEAD with the headers and no body', async () => {
    const got = await fetchStream(runtime, fileUrl(open, SEGMENT), {}, 'HEAD');
    expect(got.status).toBe(200);
    expect(got.bytes.length).toBe(0);
    expect(Number(got.headers.get('content-length'))).toBe((await stored(open, SEGMENT)).length);
    expect(got.headers.get('content-type')).toBe('audio/mp4');
  });

  it('answers 404 for unknown tracks, versions and file names, without caching', async () => {
    const paths = [
      fileUrl({ ...open, trackId: '0190a000-0000-7000-8000-000000000000' }, 'master.m3u8'),
      fileUrl({ ...open, version: 2 }, 'master.m3u8'),
      fileUrl(open, '128/seg-99999.m4s'),
      fileUrl(open, 'source.wav'),
      fileUrl(open, '128/index.m3u8.bak'),
      fileUrl(open, '128/../../../v1/master.m3u8'),
      fileUrl(open, '%2e%2e/%2e%2e/master.m3u8'),
    ];
    for (const path of paths) {
      const got = await fetchStream(runtime, path);
      expect(got.status, path).toBe(404);
      expect(got.headers.get('cache-control'), path).toBeNull();
    }
  });

  it('refuses the downloads of a track that is not downloadable, except to its signed-in owner', async () => {
    for (const file of ['download.mp3', 'original']) {
      const refused = await fetchStream(runtime, fileUrl(open, file));
      expect(refused.status, file).toBe(403);
      expect(JSON.parse(refused.text).code).toBe('download_not_allowed');
      const other = await fetchStream(runtime, fileUrl(open, file), {
        authorization: `Bearer ${stranger.accessToken}`,
      });
      expect(other.status, file).toBe(403);
      const own = await fetchStream(runtime, fileUrl(open, file), {
        authorization: `Bearer ${owner.accessToken}`,
      });
      expect(own.status, file).toBe(200);
      expect(own.headers.get('cache-control')).toBe('private, no-store');
      expect(own.headers.get('content-disposition')).toMatch(/^attachment; /);
    }
  });
});

describe('a downloadable track', () => {
  let track: SeededTrack;
  beforeAll(async () => {
    track = await seedTrack(runtime, {
      ownerId: owner.id,
      visibility: 'public',
      downloadable: true,
      fileName: 'Nuit blanche "v2".wav',
    });
  });

  it('serves the MP3 as an attachment', async () => {
    const got = await fetchStream(runtime, fileUrl(track, 'download.mp3'));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('audio/mpeg');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="${track.trackId}.mp3"; filename*=UTF-8''${track.trackId}.mp3`,
    );
    expect(got.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(got.bytes.subarray(0, 3).toString('latin1')).toMatch(/^(ID3|\xff[\xfb\xfa\xf3\xf2])/);
  });

  it('serves the original as uploaded, under its file name', async () => {
    const got = await fetchStream(runtime, fileUrl(track, 'original'));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('audio/wav');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="Nuit blanche _v2_.wav"; filename*=UTF-8''Nuit%20blanche%20%22v2%22.wav`,
    );
    const object = await runtime.adapters.storage.stat(originalKey(track.trackId, 1));
    expect(got.bytes.length).toBe(object!.size);
    expect(got.bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    const ranged = await fetchStream(runtime, fileUrl(track, 'original'), { range: 'bytes=0-3' });
    expect(ranged.status).toBe(206);
    expect(ranged.text).toBe('RIFF');
  });
});

describe('a private track', () => {
  let track: SeededTrack;
  let other: SeededTrack;
  beforeAll(async () => {
    track = await seedTrack(runtime, { ownerId: owner.id, visibility: 'private', downloadable: false });
    other = await seedTrack(runtime, { ownerId: owner.id, visibility: 'private', downloadable: false });
  });

  it('answers 403 without a token, with an expired one, with another track’s, and with a forged one', async () => {
    const expired = await signToken(runtime, track.trackId, new Date(Date.now() - 1000));
    const forged = `${track.token.split('.')[0]}.${'A'.repeat(43)}`;
    const cases: [string | undefined, string][] = [
      [undefined, 'media_token_missing'],
      [expired, 'media_token_expired'],
      [other.token, 'media_token_invalid'],
      [forged, 'media_token_invalid'],
      ['not-a-token', 'media_token_invalid'],
    ];
    for (const file of [
      'master.m3u8',
      '128/index.m3u8',
      '128/init.mp4',
      SEGMENT,
      'manifest.mpd',
      'waveform.json',
    ]) {
      for (const [token, code] of cases) {
        const got = await fetchStream(runtime, fileUrl(track, file, token));
        expect(got.status, `${file} ${code}`).toBe(403);
        expect(JSON.parse(got.text).code, `${file} ${token}`).toBe(code);
        expect(got.headers.get('cache-control')).toBeNull();
      }
    }
    // The owner's session is no substitute for the token: every player takes the same path.
    const owned = await fetchStream(runtime, fileUrl(track, SEGMENT), {
      authorization: `Bearer ${owner.accessToken}`,
    });
    expect(owned.status).toBe(403);
  });

  it('serves a segment with a valid token, cached privately until the token expires', async () => {
    const expiresAt = new Date(Date.now() + 600_000);
    const token = await signToken(runtime, track.trackId, expiresAt);
    const got = await fetchStream(runtime, fileUrl(track, SEGMENT, token));
    expect(got.status).toBe(200);
    expect(got.bytes.equals(await stored(track, SEGMENT))).toBe(true);
    const maxAge = Number(/^private, max-age=(\d+)$/.exec(got.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(590);
    expect(maxAge).toBeLessThanOrEqual(600);
  });

  it('carries the token on every URI of its HLS playlists, and each of them downloads', async () => {
    const masterPath = fileUrl(track, 'master.m3u8', track.token);
    const master = await fetchStream(runtime, masterPath);
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const expires = track.token.split('.')[0];
    expect(master.headers.get('etag')).toBe(`"${track.trackId}.1.master.m3u8.t${expires}"`);
    const variants = listedUris(master.text);
    expect(variants).toHaveLength(3);
    let fetched = 0;
    for (const variant of variants) {
      expect(variant).toMatch(new RegExp(`\\?t=${track.token.replace('.', '\\.')}$`));
      const variantPath = resolveFrom(masterPath, variant);
      const playlist = await fetchStream(runtime, variantPath);
      expect(playlist.status, variantPath).toBe(200);
      const uris = listedUris(playlist.text);
      expect(playlist.text).toMatch(/#EXT-X-MAP:URI="init\.mp4\?t=/);
      expect(uris.length).toBeGreaterThanOrEqual(3); // init + at least two segments
      for (const uri of uris) {
        expect(uri.endsWith(`?t=${track.token}`), uri).toBe(true);
        const file = await fetchStream(runtime, resolveFrom(variantPath, uri));
        expect(file.status, uri).toBe(200);
        expect(file.headers.get('content-type')).toBe('audio/mp4');
        fetched++;
      }
    }
    expect(fetched).toBe(open.files.filter((file) => /\.(m4s|mp4)$/.test(file)).length);
  });

  it('carries the token on every URI of its DASH manifest, and each of them downloads', async () => {
    const manifestPath = fileUrl(track, 'manifest.mpd', track.token);
    const manifest = await fetchStream(runtime, manifestPath);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toBe('application/dash+xml');
    const uris = listedUris(manifest.text);
    expect(uris.filter((uri) => uri.endsWith(`init.mp4?t=${track.token}`))).toHaveLength(3);
    for (const uri of uris) {
      expect(uri.endsWith(`?t=${track.token}`), uri).toBe(true);
      expect((await fetchStream(runtime, resolveFrom(manifestPath, uri))).status, uri).toBe(200);
    }
    // A range of a rewritten playlist is a range of what is served.
    const head = await fetchStream(runtime, manifestPath, { range: 'bytes=0-4' });
    expect(head.status).toBe(206);
    expect(head.text).toBe('<?xml');
    expect(head.headers.get('content-range')).toBe(`bytes 0-4/${manifest.bytes.length}`);
  });

  it('keeps downloads to the signed-in owner, token or not', async () => {
    expect((await fetchStream(runtime, fileUrl(track, 'download.mp3', track.token))).status).toBe(403);
    const own = await fetchStream(runtime, fileUrl(track, 'download.mp3', track.token), {
      authorization: `Bearer ${owner.accessToken}`,
    });
    expect(own.status).toBe(200);
    expect(own.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('access changes', () => {
  it('a public track made unlisted needs a token at once; made public again, it needs none', async () => {
    const track = await seedTrack(runtime, { ownerId: owner.id, visibility: 'public', downloadable: false });
    expect((await fetchStream(runtime, fileUrl(track, SEGMENT))).status).toBe(200);
    const status = async () => (await fetchStream(runtime, fileUrl(track, SEGMENT))).status;
    await changeAccess(
      runtime,
      track,
      { visibility: 'unlisted', downloadable: true },
      async () => (await status()) === 403,
    );
    const unlisted = await fetchStream(runtime, fileUrl(track, 'master.m3u8'));
    expect(JSON.parse(unlisted.text).code).toBe('media_token_missing');
    // Downloadable now: a listener with the unlisted link's token downloads.
    expect((await fetchStream(runtime, fileUrl(track, 'download.mp3', track.token))).status).toBe(200);
    await changeAccess(
      runtime,
      track,
      { visibility: 'public', downloadable: false },
      async () => (await status()) === 200,
    );
  });

  it('a new ready version replaces the old one; a deleted track is gone', async () => {
    const track = await seedTrack(runtime, { ownerId: owner.id, visibility: 'public', downloadable: false });
    expect(
      (
        await api(runtime, 'POST', `/audio-fixture/tracks/${track.trackId}/ready`, {
          body: { ownerId: owner.id, version: 2 },
        })
      ).status,
    ).toBe(204);
    await runtime.settle();
    await eventually(
      async () => (await fetchStream(runtime, fileUrl(track, SEGMENT))).status,
      (status) => status === 404,
    );
    const other = await seedTrack(runtime, { ownerId: owner.id, visibility: 'public', downloadable: false });
    expect(
      (
        await api(runtime, 'DELETE', `/audio-fixture/tracks/${other.trackId}`, {
          body: { ownerId: owner.id },
        })
      ).status,
    ).toBe(204);
    await runtime.settle();
    await eventually(
      async () => (await fetchStream(runtime, fileUrl(other, SEGMENT))).status,
      (status) => status === 404,
    );
  });
});
