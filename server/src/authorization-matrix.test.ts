import { openAsBlob } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signUpVerified, type TestUser } from '../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../test/harness/test-runtime.ts';
import { eventually } from '../test/harness/veza-process.ts';
import { locateMediaTools } from './audio/transcode/media-tools.ts';
import { synthAudio } from './audio/transcode/synth-media.ts';
import { services } from './services.ts';

/**
 * Acceptance 3 of the identity issue: every operation in the OpenAPI document is either public (listed
 * below, with why) or secured, and a secured one refuses a request without a token (401), with a token
 * lacking its permission (403), and — for operations on a resource someone owns — with another user's
 * token (403 or 404). The list of operations comes from the served document, so an endpoint added
 * without a decision here fails this test.
 */
const PUBLIC: Record<string, string> = {
  'GET /health/live': 'probes',
  'GET /health/ready': 'probes',
  'GET /api/v1/status': 'public instance status',
  'GET /.well-known/jwks.json': 'public keys are public',
  'POST /api/v1/auth/sign-up': 'creates an account',
  'POST /api/v1/auth/verify-email': 'the emailed secret is the credential',
  'POST /api/v1/auth/verify-email/resend': 'generic answer, rate limited',
  'POST /api/v1/auth/sign-in': 'the password is the credential',
  'POST /api/v1/auth/refresh': 'the refresh token is the credential',
  'POST /api/v1/auth/password-reset': 'generic answer, rate limited',
  'POST /api/v1/auth/password-reset/confirm': 'the emailed secret is the credential',
  'GET /api/v1/auth/providers': 'sign-in page buttons',
  'GET /api/v1/auth/oidc/{provider}/start': 'starts a sign-in',
  'GET /api/v1/auth/oidc/{provider}/callback': 'the provider code + state are the credential',
  'POST /api/v1/auth/oidc/{provider}/callback': 'the same, posted by form_post providers (Apple)',
  'POST /api/v1/auth/oidc/second-factor': 'the held sign-in cookie and the code are the credential',
  'GET /api/v1/profiles': 'search of public profiles',
  'GET /api/v1/profiles/{username}': 'public profile; private ones limited in the handler',
  'GET /api/v1/profiles/media/{key}': 'avatars and banners are public by design',
  'GET /api/v1/tracks/{id}': 'public tracks; private and unlisted ones are 404 to others in the handler',
  'GET /api/v1/tracks/shared/{secret}': 'the share link’s secret is the credential',
  'GET /api/v1/tracks': 'an artist’s public tracks (all of them only for the artist)',
  'GET /api/v1/tracks/artwork/{trackId}/{version}/{file}': 'artwork URLs carry an unguessable version',
  'GET /api/v1/stream/tracks/{trackId}/{version}/{*}':
    'public tracks are public; others need the signed URL token, checked in the handler (stream-files.test.ts)',
  'POST /api/v1/stream/plays':
    'signed-out listeners count too; private tracks need their token (play-sessions.test.ts)',
  'POST /api/v1/stream/plays/{playId}': 'the unguessable play id is the credential; another account’s is 404',
  'GET /api/v1/invites/{code}':
    'an invite’s preview (community name, member count): the code is the credential',
};

interface Owned {
  /** Path parameters naming a resource `owner` holds. */
  params(owner: TestUser): Promise<Record<string, string>>;
  body?: unknown;
}

/**
 * Secured operations with path parameters name a resource; each says how to make one owned by a user, so
 * the test can aim another user's token at it. Operations whose parameter is not an owned resource say why.
 */
const OWNED: Record<string, Owned | string> = {
  // A second session of the owner: ending the one the test signs with would end the owner's later calls.
  'DELETE /api/v1/auth/sessions/{id}': {
    params: async (owner) => {
      const signIn = await api(runtime, 'POST', '/auth/sign-in', {
        body: { login: owner.email, password: owner.password },
      });
      return { id: signIn.body.sessionId };
    },
  },
  'PUT /api/v1/users/{id}/roles/{role}': 'admin operation: the permission check is the boundary',
  'DELETE /api/v1/users/{id}/roles/{role}': 'admin operation: the permission check is the boundary',
  'POST /api/v1/users/{id}/suspend': 'admin operation: the permission check is the boundary',
  'POST /api/v1/users/{id}/restore': 'admin operation: the permission check is the boundary',
  'POST /api/v1/auth/oidc/{provider}/link': 'links to the caller’s own account',
  'DELETE /api/v1/auth/providers/{provider}': 'unlinks from the caller’s own account',
  'PUT /api/v1/profiles/me/viewers/{viewer}': 'edits the caller’s own profile',
  'DELETE /api/v1/profiles/me/viewers/{userId}': 'edits the caller’s own profile',
  'PATCH /api/v1/tracks/{id}': { params: ownedTrack, body: { title: 'Renamed' } },
  'DELETE /api/v1/tracks/{id}': { params: ownedTrack },
  'POST /api/v1/tracks/{id}/share-link': { params: ownedTrack },
  'DELETE /api/v1/tracks/{id}/artwork': { params: ownedTrack },
  'POST /api/v1/tracks/{id}/retry': 'needs a failed track; refusals of others are in track-edit.test.ts',
  'PUT /api/v1/tracks/{id}/audio':
    'multipart body (JSON is 415 first); refusals of others are in track-edit.test.ts',
  'PUT /api/v1/tracks/{id}/artwork':
    'image body (JSON is 415 first); refusals of others are in track-edit.test.ts',
  'HEAD /api/v1/tracks/uploads/{uploadId}': 'tus uploads are 404 to all but their creator: track-tus.test.ts',
  'PATCH /api/v1/tracks/uploads/{uploadId}':
    'tus uploads are 404 to all but their creator: track-tus.test.ts',
  'DELETE /api/v1/tracks/uploads/{uploadId}':
    'tus uploads are 404 to all but their creator: track-tus.test.ts',
  'GET /api/v1/tracks/uploads/{uploadId}/track': 'looked up with the caller as owner: track-tus.test.ts',
  // Chat: a community is 404 to anyone but its members (community-lifecycle.test.ts); its owner holds all.
  'GET /api/v1/communities/{communityId}': { params: ownedCommunity },
  'PATCH /api/v1/communities/{communityId}': { params: ownedCommunity, body: { description: 'Edited' } },
  'DELETE /api/v1/communities/{communityId}': { params: ownedCommunity },
  'PUT /api/v1/communities/{communityId}/owner':
    'the body names the new owner; non-members get 404, members 403: community-lifecycle.test.ts',
  'DELETE /api/v1/communities/{communityId}/members/me':
    'leaves the caller’s own membership (the owner may not: 409): community-lifecycle.test.ts',
  'GET /api/v1/communities/{communityId}/channels': { params: ownedCommunity },
  'POST /api/v1/communities/{communityId}/channels': {
    params: ownedCommunity,
    body: { name: 'beats', type: 'text' },
  },
  'PATCH /api/v1/communities/{communityId}/channels/{channelId}': {
    params: ownedChannel,
    body: { topic: 'Edited' },
  },
  'DELETE /api/v1/communities/{communityId}/channels/{channelId}': { params: ownedChannel },
  'PUT /api/v1/communities/{communityId}/channel-order':
    'the body lists every channel; refusals in channels-and-roles.test.ts',
  'PUT /api/v1/communities/{communityId}/channels/{channelId}/overwrites/{targetId}': {
    params: async (owner) => {
      const { communityId, channelId } = await ownedChannel(owner);
      return { communityId, channelId, targetId: communityId };
    },
    body: { targetType: 'role', allow: 0, deny: 1 },
  },
  'DELETE /api/v1/communities/{communityId}/channels/{channelId}/overwrites/{targetId}': {
    params: async (owner) => {
      const { communityId, channelId } = await ownedChannel(owner);
      return { communityId, channelId, targetId: communityId };
    },
  },
  'GET /api/v1/communities/{communityId}/roles': { params: ownedCommunity },
  'POST /api/v1/communities/{communityId}/roles': { params: ownedCommunity, body: { name: 'Mods' } },
  'PATCH /api/v1/communities/{communityId}/roles/{roleId}': { params: ownedRole, body: { name: 'Renamed' } },
  'DELETE /api/v1/communities/{communityId}/roles/{roleId}': { params: ownedRole },
  'PUT /api/v1/communities/{communityId}/role-order': { params: ownedCommunity, body: { roleIds: [] } },
  'PUT /api/v1/communities/{communityId}/members/{userId}/roles/{roleId}': {
    params: async (owner) => ({ ...(await ownedRole(owner)), userId: owner.id }),
  },
  'DELETE /api/v1/communities/{communityId}/members/{userId}/roles/{roleId}': {
    params: async (owner) => ({ ...(await ownedRole(owner)), userId: owner.id }),
  },
  'GET /api/v1/communities/{communityId}/members': { params: ownedCommunity },
  'GET /api/v1/communities/{communityId}/members/{userId}': {
    params: async (owner) => ({ ...(await ownedCommunity(owner)), userId: owner.id }),
  },
  'DELETE /api/v1/communities/{communityId}/members/{userId}':
    'kicking needs a second member; refusals in moderation.test.ts',
  'PUT /api/v1/communities/{communityId}/members/{userId}/timeout':
    'a timeout needs a second member; refusals in moderation.test.ts',
  'DELETE /api/v1/communities/{communityId}/members/{userId}/timeout':
    'a timeout needs a second member; refusals in moderation.test.ts',
  'GET /api/v1/communities/{communityId}/bans': { params: ownedCommunity },
  'PUT /api/v1/communities/{communityId}/bans/{userId}': {
    params: async (owner) => ({ ...(await ownedCommunity(owner)), userId: NOBODY }),
    body: { reason: 'pre-emptive' },
  },
  'DELETE /api/v1/communities/{communityId}/bans/{userId}': {
    params: async (owner) => {
      const { communityId } = await ownedCommunity(owner);
      await api(runtime, 'PUT', `/communities/${communityId}/bans/${NOBODY}`, {
        token: owner.accessToken,
        body: {},
      });
      return { communityId, userId: NOBODY };
    },
  },
  'POST /api/v1/communities/{communityId}/invites': { params: ownedCommunity, body: {} },
  'GET /api/v1/communities/{communityId}/invites': { params: ownedCommunity },
  'GET /api/v1/communities/{communityId}/audit-log': { params: ownedCommunity },
  'POST /api/v1/invites/{code}':
    'the invite code is the credential: joining is what it is for (bans refused: community-lifecycle.test.ts)',
  'DELETE /api/v1/invites/{code}': {
    params: async (owner) => {
      const { communityId } = await ownedCommunity(owner);
      const invite = await api(runtime, 'POST', `/communities/${communityId}/invites`, {
        token: owner.accessToken,
        body: {},
      });
      return { code: invite.body.code };
    },
  },
  // Messages: a channel the caller cannot view is 404 (channel-access.test.ts); the owner holds all.
  'GET /api/v1/messages/channels/{channelId}': { params: ownedMessageChannel },
  'POST /api/v1/messages/channels/{channelId}': { params: ownedMessageChannel, body: { content: 'Hello' } },
  'GET /api/v1/messages/channels/{channelId}/pins': { params: ownedMessageChannel },
  // Any position up to the channel's newest message is a read point: this one is from 2024.
  'POST /api/v1/messages/channels/{channelId}/ack': {
    params: async (owner) => ({ channelId: (await ownedMessage(owner)).channelId }),
    body: { messageId: '0190a000-0000-7000-8000-000000000000' },
  },
  'GET /api/v1/messages/{messageId}': { params: ownedMessage },
  'PATCH /api/v1/messages/{messageId}': { params: ownedMessage, body: { content: 'Edited' } },
  'DELETE /api/v1/messages/{messageId}': { params: ownedMessage },
  'GET /api/v1/messages/{messageId}/edits': { params: ownedMessage },
  'PUT /api/v1/messages/{messageId}/reactions/{emoji}': {
    params: async (owner) => ({ ...(await ownedMessage(owner)), emoji: '🔥' }),
  },
  'DELETE /api/v1/messages/{messageId}/reactions/{emoji}': {
    params: async (owner) => ({ ...(await ownedMessage(owner)), emoji: '🔥' }),
  },
  'GET /api/v1/messages/{messageId}/reactions/{emoji}': {
    params: async (owner) => ({ ...(await ownedMessage(owner)), emoji: '🔥' }),
  },
  'DELETE /api/v1/messages/{messageId}/reactions/{emoji}/{userId}': {
    params: async (owner) => ({ ...(await ownedMessage(owner)), emoji: '🔥', userId: owner.id }),
  },
  'PUT /api/v1/messages/{messageId}/pin': { params: ownedMessage },
  'DELETE /api/v1/messages/{messageId}/pin': { params: ownedMessage },
  'PUT /api/v1/messages/blocks/{userId}': 'edits the caller’s own block list',
  'DELETE /api/v1/messages/blocks/{userId}': 'edits the caller’s own block list',
  'GET /api/v1/messages/communities/{communityId}/search':
    'needs the ?q= query the matrix does not send; non-members get 404: messages.test.ts',
};

/** A user id no account has: bans may name anyone, member or not. */
const NOBODY = '0190a000-0000-7000-8000-0000000000b1';

/** A fresh community of `owner` per call (DELETE must not take the next operation's with it). */
async function ownedCommunity(owner: TestUser): Promise<{ communityId: string }> {
  const created = await api(runtime, 'POST', '/communities', {
    token: owner.accessToken,
    body: { name: 'Mine' },
  });
  if (created.status !== 201) throw new Error(`community answered ${created.status}`);
  return { communityId: created.body.id };
}

async function ownedChannel(owner: TestUser): Promise<{ communityId: string; channelId: string }> {
  const { communityId } = await ownedCommunity(owner);
  const channels = await api(runtime, 'GET', `/communities/${communityId}/channels`, {
    token: owner.accessToken,
  });
  return { communityId, channelId: channels.body.items.at(-1).id };
}

async function ownedRole(owner: TestUser): Promise<{ communityId: string; roleId: string }> {
  const { communityId } = await ownedCommunity(owner);
  const role = await api(runtime, 'POST', `/communities/${communityId}/roles`, {
    token: owner.accessToken,
    body: { name: 'Crew' },
  });
  return { communityId, roleId: role.body.id };
}

/** A channel of a fresh community of `owner`, once the messages service knows it (it follows chat events). */
async function ownedMessageChannel(owner: TestUser): Promise<{ channelId: string }> {
  const { channelId } = await ownedChannel(owner);
  await runtime.settle();
  await eventually(
    () => api(runtime, 'GET', `/messages/channels/${channelId}`, { token: owner.accessToken }),
    (answer) => answer.status === 200,
  );
  return { channelId };
}

async function ownedMessage(owner: TestUser): Promise<{ messageId: string; channelId: string }> {
  const { channelId } = await ownedMessageChannel(owner);
  const sent = await api(runtime, 'POST', `/messages/channels/${channelId}`, {
    token: owner.accessToken,
    body: { content: 'Mine' },
  });
  if (sent.status !== 201) throw new Error(`message answered ${sent.status}`);
  return { messageId: sent.body.id, channelId };
}

let sampleAudio: string | undefined;
/** A fresh track of `owner` per call (DELETE must not take the next operation's track with it). */
async function ownedTrack(owner: TestUser): Promise<{ id: string }> {
  if (!sampleAudio) {
    const dir = await mkdtemp(join(tmpdir(), 'veza-matrix-'));
    sampleAudio = await synthAudio(
      await locateMediaTools(),
      join(dir, 'sample.wav'),
      'sine=frequency=440',
      2,
    );
  }
  const form = new FormData();
  form.append('file', await openAsBlob(sampleAudio), 'sample.wav');
  const response = await fetch(`${runtime.url}/api/v1/tracks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${owner.accessToken}` },
    body: form,
  });
  if (response.status !== 201) throw new Error(`upload answered ${response.status}`);
  return { id: ((await response.json()) as { id: string }).id };
}

interface Operation {
  key: string;
  method: string;
  path: string;
  secured: boolean;
  permission?: string;
}

let runtime: TestRuntime;
let operations: Operation[];
let owner: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  runtime = await startTestRuntime({ services });
  const doc = (await (await fetch(`${runtime.url}/api/docs/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { security?: unknown[]; 'x-permission'?: string }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      secured: Boolean(operation.security?.length),
      ...(operation['x-permission'] ? { permission: operation['x-permission'] } : {}),
    })),
  );
  owner = await signUpVerified(runtime);
  stranger = await signUpVerified(runtime);
});
afterAll(() => runtime?.cleanup());

const fill = (path: string, params: Record<string, string> = {}) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? '0190a000-0000-7000-8000-000000000000'),
  );

async function call(operation: Operation, token?: string, params?: Record<string, string>, body?: unknown) {
  const url = `${runtime.url}${fill(operation.path, params)}`;
  const response = await fetch(url, {
    method: operation.method,
    redirect: 'manual',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined || ['POST', 'PUT', 'PATCH'].includes(operation.method)
        ? { 'content-type': 'application/json' }
        : {}),
    },
    body:
      body !== undefined
        ? JSON.stringify(body)
        : ['POST', 'PUT', 'PATCH'].includes(operation.method)
          ? '{}'
          : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    code: text.startsWith('{') ? (JSON.parse(text) as { code?: string }).code : undefined,
  };
}

describe('authorization matrix (generated from the OpenAPI document)', () => {
  it('finds the identity operations in the document', () => {
    expect(operations.map((operation) => operation.key)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/users/me',
        'POST /api/v1/auth/sign-in',
        'DELETE /api/v1/auth/sessions/{id}',
      ]),
    );
  });

  it('classifies every operation: public with a reason, or secured', () => {
    const undecided = operations.filter((operation) => !operation.secured && !(operation.key in PUBLIC));
    expect(undecided.map((operation) => operation.key)).toEqual([]);
    const securedButListed = operations.filter((operation) => operation.secured && operation.key in PUBLIC);
    expect(securedButListed.map((operation) => operation.key)).toEqual([]);
  });

  it('refuses every secured operation without a token (401)', async () => {
    const answers: Record<string, number> = {};
    for (const operation of operations.filter((candidate) => candidate.secured))
      answers[operation.key] = (await call(operation)).status;
    const expected = Object.fromEntries(Object.keys(answers).map((key) => [key, 401]));
    expect(answers).toEqual(expected);
  });

  it('refuses a tampered token on every secured operation (401)', async () => {
    const [header, payload, signature] = owner.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.${signature}`;
    const answers: Record<string, number> = {};
    for (const operation of operations.filter((candidate) => candidate.secured))
      answers[operation.key] = (await call(operation, forged)).status;
    expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((key) => [key, 401])));
  });

  it('refuses a listener on every operation that needs a permission listeners lack (403)', async () => {
    const me = await api(runtime, 'GET', '/users/me', { token: stranger.accessToken });
    const held = new Set<string>(me.body.permissions);
    const needing = operations.filter((operation) => operation.permission && !held.has(operation.permission));
    const answers: Record<string, number> = {};
    for (const operation of needing)
      answers[operation.key] = (await call(operation, stranger.accessToken)).status;
    expect(answers).toEqual(Object.fromEntries(needing.map((operation) => [operation.key, 403])));
  });

  it('refuses another user on every secured operation that names an owned resource (403/404)', async () => {
    const withParams = operations.filter((operation) => operation.secured && operation.path.includes('{'));
    const undecided = withParams.filter((operation) => !(operation.key in OWNED));
    expect(undecided.map((operation) => operation.key)).toEqual([]);
    const answers: Record<string, number> = {};
    for (const operation of withParams) {
      const owned = OWNED[operation.key];
      if (typeof owned !== 'object') continue;
      answers[operation.key] = (
        await call(operation, stranger.accessToken, await owned.params(owner), owned.body)
      ).status;
    }
    for (const [key, status] of Object.entries(answers))
      expect([key, [403, 404].includes(status)]).toEqual([key, true]);
    // The owner still reaches the resources: the refusals above are about ownership, not broken fixtures.
    const ownerAnswers: Record<string, number> = {};
    for (const operation of withParams) {
      const owned = OWNED[operation.key];
      if (typeof owned !== 'object') continue;
      ownerAnswers[operation.key] = (
        await call(operation, owner.accessToken, await owned.params(owner), owned.body)
      ).status;
    }
    for (const [key, status] of Object.entries(ownerAnswers))
      expect([key, status < 400]).toEqual([key, true]);
  });
});
