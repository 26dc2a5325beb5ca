import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { startProfilesRuntime, userWithProfile } from './profile-test-kit.ts';

let runtime: TestRuntime;
let owner: TestUser;
beforeAll(async () => {
  runtime = await startProfilesRuntime();
  owner = await userWithProfile(runtime);
});
afterAll(() => runtime?.cleanup());

const edit = (body: unknown) => api(runtime, 'PATCH', '/profiles/me', { token: owner.accessToken, body });

describe('editing one’s profile', () => {
  it('saves every field, trimmed and normalized, and shows it on the public page', async () => {
    const answer = await edit({
      displayName: '  Nina Kraviz  ',
      bio: 'Techno from Irkutsk.\nDJ and producer.',
      links: [
        { label: 'Site', url: 'https://ninakraviz.example/' },
        { label: ' Label ', url: 'HTTP://TRIP.example/records' },
      ],
      location: ' Berlin ',
      genres: ['Techno', 'techno', ' Acid ', 'TECHNO'],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      displayName: 'Nina Kraviz',
      bio: 'Techno from Irkutsk.\nDJ and producer.',
      links: [
        { label: 'Site', url: 'https://ninakraviz.example/' },
        { label: 'Label', url: 'http://trip.example/records' },
      ],
      location: 'Berlin',
      genres: ['Techno', 'Acid'],
      private: false,
    });
    const page = await api(runtime, 'GET', `/profiles/${owner.username}`);
    expect(page.body).toMatchObject({
      displayName: 'Nina Kraviz',
      location: 'Berlin',
      genres: ['Techno', 'Acid'],
    });
    expect(page.body.username).toBe(owner.username);
  });

  it('changes only the fields sent', async () => {
    await edit({ displayName: 'Before', bio: 'kept' });
    const answer = await edit({ displayName: 'After' });
    expect(answer.body).toMatchObject({ displayName: 'After', bio: 'kept' });
    const me = await api(runtime, 'GET', '/profiles/me', { token: owner.accessToken });
    expect(me.body).toMatchObject({ displayName: 'After', bio: 'kept' });
  });

  it('records each change as a ProfileUpdated event with the fields that changed', async () => {
    await edit({ location: 'Detroit' });
    const events = await runtime.hosted.get('profiles')!.store.readStream(`profile-${owner.id}`);
    expect(events.at(-1)).toMatchObject({
      type: 'ProfileUpdated',
      data: { id: owner.id, changes: { location: 'Detroit' } },
      metadata: { actor: owner.id },
    });
  });

  it.each([
    ['an empty display name', { displayName: '' }, 'validation_failed'],
    ['a display name of spaces', { displayName: '   ' }, 'display_name_invalid'],
    ['a display name of 51 characters', { displayName: 'x'.repeat(51) }, 'validation_failed'],
    ['a control character in the display name', { displayName: 'tab\there' }, 'display_name_invalid'],
    ['a bio of 1001 characters', { bio: 'b'.repeat(1001) }, 'validation_failed'],
    ['a control character in the bio', { bio: 'bell \u0007' }, 'bio_invalid'],
    ['a location of 101 characters', { location: 'l'.repeat(101) }, 'validation_failed'],
    ['11 genres', { genres: Array.from({ length: 11 }, (_, i) => `g${i}`) }, 'validation_failed'],
    ['a blank genre', { genres: ['   '] }, 'genre_invalid'],
    ['a genre of 31 characters', { genres: ['g'.repeat(31)] }, 'validation_failed'],
    [
      '6 links',
      { links: Array.from({ length: 6 }, (_, i) => ({ label: `l${i}`, url: `https://x.example/${i}` })) },
      'validation_failed',
    ],
    ['a javascript: link', { links: [{ label: 'Evil', url: 'javascript:alert(1)' }] }, 'link_invalid'],
    ['a mailto: link', { links: [{ label: 'Mail', url: 'mailto:me@example.test' }] }, 'link_invalid'],
    ['a relative link', { links: [{ label: 'Relative', url: '/profiles/me' }] }, 'link_invalid'],
    ['a link with a blank label', { links: [{ label: ' ', url: 'https://x.example' }] }, 'link_invalid'],
    ['a link without a label', { links: [{ url: 'https://x.example' }] }, 'validation_failed'],
    ['a private flag that is not a boolean', { private: 'yes' }, 'validation_failed'],
    ['a username change (it belongs to the account)', { username: 'renamed' }, 'validation_failed'],
  ])('refuses %s, changing nothing', async (_what, body, code) => {
    const before = await api(runtime, 'GET', '/profiles/me', { token: owner.accessToken });
    const answer = await edit(body);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.code).toBe(code);
    const after = await api(runtime, 'GET', '/profiles/me', { token: owner.accessToken });
    expect(after.body).toEqual(before.body);
  });

  it('accepts the limits exactly', async () => {
    const answer = await edit({
      displayName: 'd'.repeat(50),
      bio: 'b'.repeat(1000),
      location: 'l'.repeat(100),
      genres: Array.from({ length: 10 }, (_, i) => `genre ${i}`),
      links: Array.from({ length: 5 }, (_, i) => ({ label: `link ${i}`, url: `https://x.example/${i}` })),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.genres).toHaveLength(10);
    expect(answer.body.links).toHaveLength(5);
  });

  it('needs a signed-in caller to read or edit “me”', async () => {
    expect((await api(runtime, 'GET', '/profiles/me')).status).toBe(401);
    const anonymous = await api(runtime, 'PATCH', '/profiles/me', { body: { displayName: 'Nobody' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthenticated');
  });

  it('answers 404 for an unknown username', async () => {
    const answer = await api(runtime, 'GET', '/profiles/nobody_here');
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('not_found');
  });
});
