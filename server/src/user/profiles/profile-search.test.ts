import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { startProfilesRuntime, userWithProfile } from './profile-test-kit.ts';

let runtime: TestRuntime;
let people: TestUser[];
beforeAll(async () => {
  runtime = await startProfilesRuntime();
  people = [];
  for (const username of [
    'bass_alpha',
    'bass_bravo',
    'bass_charlie',
    'bass_delta',
    'bassline_echo',
    'treble_fox',
  ])
    people.push(await userWithProfile(runtime, { username }));
  const [alpha, , , delta, , fox] = people as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
  await api(runtime, 'PATCH', '/profiles/me', { token: delta.accessToken, body: { private: true } });
  await api(runtime, 'PATCH', '/profiles/me', {
    token: fox.accessToken,
    body: { displayName: 'Deep Bass Fox' },
  });
  await api(runtime, 'PATCH', '/profiles/me', {
    token: alpha.accessToken,
    body: { displayName: '100% Bass' },
  });
});
afterAll(() => runtime?.cleanup());

const search = async (query: string) => (await api(runtime, 'GET', `/profiles?${query}`)).body;
const usernames = (page: { items: { username: string }[] }) => page.items.map((item) => item.username);

describe('profile search', () => {
  it('matches usernames and display names case-insensitively and hides private profiles', async () => {
    const page = await search('q=BASS');
    expect(usernames(page)).toEqual([
      'bass_alpha',
      'bass_bravo',
      'bass_charlie',
      'bassline_echo',
      'treble_fox',
    ]);
    expect(page.items[0]).toEqual({
      id: people[0]!.id,
      username: 'bass_alpha',
      displayName: '100% Bass',
      avatar: null,
    });
    expect(usernames(await search('q=bass_delta'))).toEqual([]);
  });

  it('finds a private profile again once it is public', async () => {
    const delta = people[3]!;
    await api(runtime, 'PATCH', '/profiles/me', { token: delta.accessToken, body: { private: false } });
    expect(usernames(await search('q=bass_delta'))).toEqual(['bass_delta']);
    await api(runtime, 'PATCH', '/profiles/me', { token: delta.accessToken, body: { private: true } });
    expect(usernames(await search('q=bass_delta'))).toEqual([]);
  });

  it('treats % and _ as plain characters', async () => {
    // As a LIKE wildcard, `%` would match every profile and `_` the "l" of "bassline".
    expect(usernames(await search(`q=${encodeURIComponent('%')}`))).toEqual(['bass_alpha']);
    expect(usernames(await search('q=ss_'))).toEqual(['bass_alpha', 'bass_bravo', 'bass_charlie']);
  });

  it('pages with a cursor, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search(`q=bass&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...usernames(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['bass_alpha', 'bass_bravo', 'bass_charlie', 'bassline_echo', 'treble_fox']);
    expect(pages).toBe(3);
  });

  it('refuses a forged cursor and out-of-range limits', async () => {
    const forged = await api(runtime, 'GET', '/profiles?cursor=bm90LWpzb24');
    expect([forged.status, forged.body.code]).toEqual([400, 'cursor_invalid']);
    const badId = Buffer.from(JSON.stringify(['a', 'not-a-uuid'])).toString('base64url');
    expect((await api(runtime, 'GET', `/profiles?cursor=${badId}`)).body.code).toBe('cursor_invalid');
    expect((await api(runtime, 'GET', '/profiles?limit=0')).status).toBe(400);
    expect((await api(runtime, 'GET', '/profiles?limit=51')).status).toBe(400);
  });

  it('lists every public profile without a query', async () => {
    const page = await search('limit=50');
    expect(usernames(page)).toEqual([
      'bass_alpha',
      'bass_bravo',
      'bass_charlie',
      'bassline_echo',
      'treble_fox',
    ]);
  });
});
