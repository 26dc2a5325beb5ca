import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import {
  fetchMedia,
  makeImage,
  startProfilesRuntime,
  storedImages,
  upload,
  userWithProfile,
} from './profile-test-kit.ts';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startProfilesRuntime();
});
afterAll(() => runtime?.cleanup());

/** Reads an image back through the API and decodes it. */
async function decoded(path: string) {
  const media = await fetchMedia(runtime, path);
  expect(media.status).toBe(200);
  const { format, width, height } = await sharp(media.bytes).metadata();
  return { format, width, height, headers: media.headers };
}

/** A valid PNG whose header claims a huge canvas: a few bytes that would decode to gigabytes. */
async function pixelBomb(): Promise<Buffer> {
  const bomb = Buffer.from(await makeImage(8, 8));
  bomb.writeUInt32BE(20_000, 16); // IHDR width
  bomb.writeUInt32BE(20_000, 20); // IHDR height
  bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
  return bomb;
}

describe('avatar and banner uploads', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await userWithProfile(runtime);
  });

  it('stores an avatar as square WebP at 64, 256 and 512 px and serves it with cache headers', async () => {
    // Not square and smaller than the largest size: cropped and enlarged to the standard squares.
    const answer = await upload(runtime, user.accessToken, 'avatar', await makeImage(400, 300), 'image/png');
    expect(answer.status).toBe(200);
    const { small, medium, large } = answer.body.avatar;
    for (const [path, side] of [
      [small, 64],
      [medium, 256],
      [large, 512],
    ] as const) {
      const image = await decoded(path);
      expect([image.format, image.width, image.height]).toEqual(['webp', side, side]);
      expect(image.headers.get('content-type')).toBe('image/webp');
      expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(image.headers.get('etag')).toMatch(/^"[0-9a-f]{16}-(small|medium|large)"$/);
    }
    expect(await storedImages(runtime, user.id)).toHaveLength(3);
    const me = await api(runtime, 'GET', '/profiles/me', { token: user.accessToken });
    expect(me.body.avatar).toEqual(answer.body.avatar);
  });

  it.each([
    [
      'a 16-bit PNG',
      () =>
        sharp({ create: { width: 90, height: 90, channels: 3, background: '#c8285a' } })
          .toColourspace('rgb16')
          .png()
          .toBuffer(),
      'image/png',
    ],
    [
      'a CMYK JPEG',
      () =>
        sharp({ create: { width: 90, height: 90, channels: 3, background: '#c8285a' } })
          .toColourspace('cmyk')
          .jpeg({ quality: 95 })
          .toBuffer(),
      'image/jpeg',
    ],
    [
      'a PNG with transparency',
      () =>
        sharp({
          create: { width: 90, height: 90, channels: 4, background: { r: 200, g: 40, b: 90, alpha: 1 } },
        })
          .png()
          .toBuffer(),
      'image/png',
    ],
  ])('renders %s in its true colours', async (_what, make, type) => {
    const answer = await upload(runtime, user.accessToken, 'avatar', await make(), type);
    expect(answer.status).toBe(200);
    const media = await fetchMedia(runtime, answer.body.avatar.medium);
    const { data, info } = await sharp(media.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([256, 256]);
    const centre = (128 * 256 + 128) * info.channels;
    const [r, g, b] = [data[centre]!, data[centre + 1]!, data[centre + 2]!];
    // #c8285a = (200, 40, 90); WebP and CMYK round trips move it a little, a misread pixel format a lot.
    for (const [got, want] of [
      [r, 200],
      [g, 40],
      [b, 90],
    ])
      expect(Math.abs(got! - want!)).toBeLessThan(25);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const { body } = await upload(
      runtime,
      user.accessToken,
      'avatar',
      await makeImage(64, 64, 'webp'),
      'image/webp',
    );
    const first = await fetchMedia(runtime, body.avatar.small);
    const again = await fetchMedia(runtime, body.avatar.small, {
      'if-none-match': first.headers.get('etag')!,
    });
    expect(again.status).toBe(304);
    expect(again.bytes).toHaveLength(0);
    const other = await fetchMedia(runtime, body.avatar.small, { 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
  });

  it('stores a banner as WebP at 1500×500 and 750×250', async () => {
    const answer = await upload(
      runtime,
      user.accessToken,
      'banner',
      await makeImage(2400, 1000, 'jpeg'),
      'image/jpeg',
    );
    expect(answer.status).toBe(200);
    const large = await decoded(answer.body.banner.large);
    const small = await decoded(answer.body.banner.small);
    expect([large.format, large.width, large.height]).toEqual(['webp', 1500, 500]);
    expect([small.format, small.width, small.height]).toEqual(['webp', 750, 250]);
  });

  it('replaces the previous version: new keys, old files deleted and no longer served', async () => {
    const first = await upload(runtime, user.accessToken, 'avatar', await makeImage(300, 300));
    const second = await upload(
      runtime,
      user.accessToken,
      'avatar',
      await makeImage(300, 300, 'png', { r: 10, g: 200, b: 30 }),
    );
    expect(second.status).toBe(200);
    expect(second.body.avatar.large).not.toBe(first.body.avatar.large);
    expect((await fetchMedia(runtime, first.body.avatar.large)).status).toBe(404);
    expect((await fetchMedia(runtime, second.body.avatar.large)).status).toBe(200);
    const avatarFiles = (await storedImages(runtime, user.id)).filter((key) => key.includes('/avatar/'));
    expect(avatarFiles).toHaveLength(3);
    const version = /-([0-9a-f]{16})-large\.webp$/.exec(second.body.avatar.large)![1];
    for (const key of avatarFiles) expect(key).toContain(`/avatar/${version}/`);
  });

  it('keeps exactly the winning version when two uploads race', async () => {
    const racer = await userWithProfile(runtime);
    const [a, b] = await Promise.all([
      upload(runtime, racer.accessToken, 'avatar', await makeImage(200, 200)),
      upload(runtime, racer.accessToken, 'avatar', await makeImage(210, 210)),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const me = await api(runtime, 'GET', '/profiles/me', { token: racer.accessToken });
    const version = /-([0-9a-f]{16})-large\.webp$/.exec(me.body.avatar.large)![1];
    const files = await storedImages(runtime, racer.id);
    expect(files).toHaveLength(3);
    for (const key of files) expect(key).toContain(`/avatar/${version}/`);
  });

  it('removes an image and its files', async () => {
    const owner = await userWithProfile(runtime);
    const { body } = await upload(runtime, owner.accessToken, 'banner', await makeImage(1500, 500));
    const removed = await api(runtime, 'DELETE', '/profiles/me/banner', { token: owner.accessToken });
    expect(removed.status).toBe(200);
    expect(removed.body.banner).toBeNull();
    expect(await storedImages(runtime, owner.id)).toEqual([]);
    expect((await fetchMedia(runtime, body.banner.large)).status).toBe(404);
  });
});

describe('refused uploads store nothing', () => {
  let user: TestUser;
  let avatarBefore: unknown;
  beforeAll(async () => {
    user = await userWithProfile(runtime);
    avatarBefore = (await upload(runtime, user.accessToken, 'avatar', await makeImage(100, 100))).body.avatar;
  });

  const expectUnchanged = async () => {
    const keys = await storedImages(runtime, user.id);
    expect(keys).toHaveLength(3);
    expect(keys.every((key) => key.includes('/avatar/'))).toBe(true);
    const me = await api(runtime, 'GET', '/profiles/me', { token: user.accessToken });
    expect(me.body.avatar).toEqual(avatarBefore);
    expect(me.body.banner).toBeNull();
  };

  it.each([
    ['random bytes', async () => Buffer.from('definitely not an image '.repeat(40))],
    ['a truncated PNG', async () => (await makeImage(600, 600)).subarray(0, 300)],
    [
      'a GIF sent as PNG',
      async () =>
        sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
          .gif()
          .toBuffer(),
    ],
    ['a PNG claiming 400 megapixels', pixelBomb],
  ])('refuses %s with image_invalid', async (_what, body) => {
    for (const kind of ['avatar', 'banner'] as const) {
      const answer = await upload(runtime, user.accessToken, kind, await body(), 'image/png');
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('image_invalid');
    }
    await expectUnchanged();
  });

  it('refuses a body that is not an image type with 415', async () => {
    const answer = await upload(runtime, user.accessToken, 'avatar', Buffer.from('{}'), 'application/json');
    expect(answer.status).toBe(415);
    expect(answer.body.code).toBe('unsupported_media_type');
    await expectUnchanged();
  });

  it('refuses a body over 10 MiB with 413', async () => {
    const answer = await upload(
      runtime,
      user.accessToken,
      'avatar',
      Buffer.alloc(10 * 1024 * 1024 + 1),
      'image/png',
    );
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe('payload_too_large');
    await expectUnchanged();
  });

  it('refuses an anonymous upload with 401', async () => {
    const answer = await upload(runtime, undefined, 'avatar', await makeImage(64, 64));
    expect(answer.status).toBe(401);
    await expectUnchanged();
  });
});

describe('media route', () => {
  it.each([
    'not-a-key.webp',
    '0190a000-0000-7000-8000-000000000000-avatar-0123456789abcdef-large.webp',
    '0190a000-0000-7000-8000-000000000000-avatar-0123456789abcdef-huge.webp',
    '0190a000-0000-7000-8000-000000000000-voice-0123456789abcdef-large.webp',
    '..%2F..%2Fetc%2Fpasswd',
  ])('answers 404 for %s', async (name) => {
    const answer = await fetchMedia(runtime, `/api/v1/profiles/media/${name}`);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('cache-control')).toBeNull();
  });
});
