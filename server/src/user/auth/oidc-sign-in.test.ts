import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchBrowser } from '../../../test/harness/fetch-browser.ts';
import { freePort } from '../../../test/harness/free-port.ts';
import { api, PASSWORD, signUpVerified } from '../../../test/harness/identity.ts';
import {
  type OidcTestProvider,
  reserveIssuer,
  startOidcTestProvider,
  type TestPerson,
} from '../../../test/harness/oidc-test-provider.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from './auth-service.ts';
import type { AuthDb } from './auth-tables.ts';
import { oidcFlowKey } from './oidc/oidc-flow-store.ts';
import { currentStep, totpCode } from './totp.ts';

let runtime: TestRuntime;
let provider: OidcTestProvider;
let db: Kysely<AuthDb>;

beforeAll(async () => {
  // The issuer is chosen first: Veza reads its providers at start-up, the provider needs Veza's URL.
  const { port, issuer } = await reserveIssuer();
  const clientSecret = randomBytes(24).toString('base64url');
  const nobodyListens = `http://127.0.0.1:${await freePort()}`;
  runtime = await startTestRuntime({
    services: [authService],
    env: {
      VEZA_OIDC_PROVIDERS: JSON.stringify([
        { id: 'test', name: 'Test provider', issuer, clientId: 'veza-test', clientSecret },
        { id: 'down', issuer: nobodyListens, clientId: 'veza', clientSecret: 'unused' },
        { id: 'posted', issuer, clientId: 'veza-test', clientSecret, responseMode: 'form_post' },
      ]),
    },
  });
  // Veza is up although neither provider was reachable when it started.
  provider = await startOidcTestProvider({
    port,
    clientId: 'veza-test',
    clientSecret,
    redirectUris: [
      `${runtime.url}/api/v1/auth/oidc/test/callback`,
      `${runtime.url}/api/v1/auth/oidc/posted/callback`,
    ],
  });
  db = runtime.database.kysely.withSchema('auth') as unknown as Kysely<AuthDb>;
});
afterAll(async () => {
  await provider?.close();
  await runtime?.cleanup();
});

const apiUrl = (path: string) => `${runtime.url}/api/v1${path}`;
const callbackPrefix = () => apiUrl('/auth/oidc/test/callback');

let people = 0;
const person = (overrides: Partial<TestPerson> = {}): TestPerson => {
  const n = ++people;
  return {
    sub: `sub-${n}-${randomBytes(3).toString('hex')}`,
    email: `person${n}.${randomBytes(3).toString('hex')}@provider.test`,
    email_verified: true,
    preferred_username: `person${n}`,
    ...overrides,
  };
};

/** From a Veza URL that redirects to the provider, through its sign-in, to the callback URL it sends back. */
async function throughProvider(browser: FetchBrowser, url: string): Promise<string> {
  const walked = await browser.walk(url, (next) => !next.startsWith(callbackPrefix()));
  expect(walked.location, `stopped at ${walked.url} with ${walked.response.status}`).toMatch(
    new RegExp(`^${callbackPrefix()}\\?`),
  );
  return walked.location!;
}

/** A fresh browser signs in at the provider as `who` and returns to Veza's callback. */
async function signInWithProvider(who: TestPerson, returnTo = '/library') {
  const browser = new FetchBrowser();
  provider.signInAs(who);
  const callback = await throughProvider(
    browser,
    apiUrl(`/auth/oidc/test/start?returnTo=${encodeURIComponent(returnTo)}`),
  );
  const landed = await browser.request(callback);
  return { browser, callback, landed, location: landed.headers.get('location') };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read whatever the endpoint answers
const json = (response: Response): Promise<any> => response.json();

async function meWithCookies(browser: FetchBrowser) {
  const response = await browser.request(apiUrl('/users/me'));
  return { status: response.status, body: await json(response) };
}

const accountCount = async () =>
  Number(
    (
      await db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('OIDC configuration', () => {
  it('lists the configured providers', async () => {
    const providers = await api(runtime, 'GET', '/auth/providers');
    expect(providers.body).toEqual({
      items: [
        { id: 'test', name: 'Test provider' },
        { id: 'down', name: 'down' },
        { id: 'posted', name: 'posted' },
      ],
    });
  });

  it('answers 502 for a provider that cannot be reached, 404 for an unknown one', async () => {
    const down = await api(runtime, 'GET', '/auth/oidc/down/start');
    expect(down.status).toBe(502);
    expect(down.body.code).toBe('oidc_provider_unavailable');
    const unknown = await api(runtime, 'GET', '/auth/oidc/nope/start');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('provider_unknown');
  });

  it('refuses a returnTo that is not a path on this site', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'library']) {
      const answer = await api(
        runtime,
        'GET',
        `/auth/oidc/test/start?returnTo=${encodeURIComponent(returnTo)}`,
      );
      expect(answer.status, returnTo).toBe(400);
      expect(answer.body.code).toBe('return_to_invalid');
    }
  });

  it('redirects to the authorization endpoint with state, nonce and an S256 PKCE challenge', async () => {
    const browser = new FetchBrowser();
    const start = await browser.request(apiUrl('/auth/oidc/test/start?returnTo=/x'));
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location')!);
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get('response_type')).toBe('code');
    expect(location.searchParams.get('client_id')).toBe('veza-test');
    expect(location.searchParams.get('redirect_uri')).toBe(callbackPrefix());
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(location.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(location.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile']),
    );
    const state = location.searchParams.get('state')!;
    expect(state).toMatch(/^[\w-]{20,}$/);
    expect(browser.cookie(runtime.url, 'veza_oidc')).toBe(state);
  });
});

describe('OIDC sign-in', () => {
  it('creates an account on the first sign-in, with a working cookie session, and reuses it next time', async () => {
    const mira = person({ preferred_username: 'mira' });
    const before = await accountCount();
    const first = await signInWithProvider(mira, '/library?tab=likes');
    expect(first.landed.status).toBe(302);
    expect(first.location).toBe(`${runtime.url}/library?tab=likes`);
    const me = await meWithCookies(first.browser);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'mira',
      email: mira.email,
      emailVerified: true,
      hasPassword: false,
      roles: ['listener'],
    });
    expect(me.body.providers.map((p: { provider: string }) => p.provider)).toEqual(['test']);
    expect(await accountCount()).toBe(before + 1);

    const events = await runtime.hosted.get('auth')!.store.readStream(`account-${me.body.id}`);
    expect(events.map((event) => event.type)).toEqual(['UserRegistered', 'EmailVerified', 'ProviderLinked']);
    expect(JSON.stringify(events.map((event) => event.data))).not.toContain(mira.email);

    // Provider tokens and email are sealed in the identities row, and the password is absent.
    const identity = await db
      .selectFrom('identities')
      .selectAll()
      .where('provider', '=', 'test')
      .where('subject', '=', mira.sub)
      .executeTakeFirstOrThrow();
    expect(identity.account_id).toBe(me.body.id);
    expect(identity.tokens_enc).toMatch(/^v1\./);
    expect(identity.email_enc).toMatch(/^v1\./);
    expect(`${identity.tokens_enc}${identity.email_enc}`).not.toContain(mira.email!.split('@')[0]);
    const account = await db
      .selectFrom('accounts')
      .select('password_hash')
      .where('id', '=', me.body.id)
      .executeTakeFirstOrThrow();
    expect(account.password_hash).toBeNull();

    const second = await signInWithProvider(mira);
    expect(second.location).toBe(`${runtime.url}/library`);
    const again = await meWithCookies(second.browser);
    expect(again.body.id).toBe(me.body.id);
    expect(await accountCount()).toBe(before + 1);
    const sessions = await api(runtime, 'GET', '/auth/sessions', {
      headers: { cookie: `veza_access=${second.browser.cookie(runtime.url, 'veza_access')}` },
    });
    expect(sessions.body.items).toHaveLength(2);
  });

  it('makes a taken username unique and treats an unverified provider email as unverified', async () => {
    const taken = await signUpVerified(runtime);
    const twin = person({ preferred_username: taken.username, email_verified: false });
    const signedIn = await signInWithProvider(twin);
    const me = await meWithCookies(signedIn.browser);
    expect(me.body.username).toBe(`${taken.username}2`);
    expect(me.body.emailVerified).toBe(false);
  });

  it('derives a username from the email when the provider sends none', async () => {
    const tag = randomBytes(2).toString('hex');
    const nameless = person({ preferred_username: undefined, email: `Zoë.Ré+${tag}@provider.test` });
    const signedIn = await signInWithProvider(nameless);
    const me = await meWithCookies(signedIn.browser);
    expect(me.body.username).toBe(`zoe.re_${tag}`);
  });

  it('does not join an existing account that has the same email', async () => {
    const owner = await signUpVerified(runtime);
    const before = await accountCount();
    const sameEmail = person({ email: owner.email, email_verified: true });
    const attempt = await signInWithProvider(sameEmail);
    expect(attempt.location).toBe(`${runtime.url}/sign-in?error=oidc_email_in_use`);
    expect(attempt.browser.cookie(runtime.url, 'veza_access')).toBeUndefined();
    expect(await accountCount()).toBe(before);
    const linked = await db
      .selectFrom('identities')
      .select('account_id')
      .where('subject', '=', sameEmail.sub)
      .execute();
    expect(linked).toEqual([]);
  });

  it('refuses a suspended account', async () => {
    const sam = person();
    const first = await signInWithProvider(sam);
    const me = await meWithCookies(first.browser);
    await db
      .updateTable('accounts')
      .set({ status: 'suspended', suspended_reason: 'spam' })
      .where('id', '=', me.body.id)
      .execute();
    const refused = await signInWithProvider(sam);
    expect(refused.location).toBe(`${runtime.url}/sign-in?error=account_suspended`);
    expect(refused.browser.cookie(runtime.url, 'veza_access')).toBeUndefined();
  });

  it('completes a sign-in whose provider posts its answer (response_mode=form_post)', async () => {
    const browser = new FetchBrowser();
    const poster = person();
    provider.signInAs(poster);
    const walked = await browser.walk(apiUrl('/auth/oidc/posted/start?returnTo=/feed'), () => true);
    // The provider answers with a self-submitting form instead of a redirect.
    expect(walked.response.status).toBe(200);
    const html = await walked.response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(action).toBe(apiUrl('/auth/oidc/posted/callback'));
    const fields = new URLSearchParams(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map(
        ([, name, value]): [string, string] => [
          name!,
          value!.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&'),
        ],
      ),
    );
    expect([...fields.keys()].sort()).toEqual(['code', 'iss', 'state']);
    const landed = await browser.request(action!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
    expect(landed.headers.get('location')).toBe(`${runtime.url}/feed`);
    const me = await meWithCookies(browser);
    expect(me.body.providers.map((p: { provider: string }) => p.provider)).toEqual(['posted']);
  });

  it('sends someone who cancels at the provider back to sign-in', async () => {
    const browser = new FetchBrowser();
    provider.signInAs(person());
    provider.denyNext();
    const callback = await throughProvider(browser, apiUrl('/auth/oidc/test/start'));
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
    const landed = await browser.request(callback);
    expect(landed.headers.get('location')).toBe(`${runtime.url}/sign-in?error=oidc_denied`);
  });
});

describe('OIDC flow protection', () => {
  it('fails on a wrong state, and as problem+json when JSON is asked for', async () => {
    const browser = new FetchBrowser();
    provider.signInAs(person());
    const callback = new URL(await throughProvider(browser, apiUrl('/auth/oidc/test/start')));
    const real = callback.searchParams.get('state')!;
    callback.searchParams.set('state', `${real.slice(0, -2)}xx`);

    const wrong = await browser.request(callback.href);
    expect(wrong.status).toBe(302);
    expect(wrong.headers.get('location')).toBe(`${runtime.url}/sign-in?error=oidc_state_invalid`);
    const asJson = await browser.request(callback.href, { headers: { accept: 'application/json' } });
    expect(asJson.status).toBe(400);
    expect(asJson.headers.get('content-type')).toContain('application/problem+json');
    expect((await json(asJson)).code).toBe('oidc_state_invalid');
    expect(browser.cookie(runtime.url, 'veza_access')).toBeUndefined();
  });

  it('uses a state once: the same callback replayed fails', async () => {
    const { browser, callback, location } = await signInWithProvider(person());
    expect(location).toBe(`${runtime.url}/library`);
    const replay = await browser.request(callback, { headers: { accept: 'application/json' } });
    expect(replay.status).toBe(400);
    expect((await json(replay)).code).toBe('oidc_state_invalid');
  });

  it('lets exactly one of two simultaneous callbacks with the same state through', async () => {
    const browser = new FetchBrowser();
    const racer = person();
    provider.signInAs(racer);
    const callback = await throughProvider(browser, apiUrl('/auth/oidc/test/start'));
    const answers = await Promise.all([browser.request(callback), browser.request(callback)]);
    const locations = answers.map((answer) => answer.headers.get('location')).sort();
    expect(locations).toEqual([`${runtime.url}/`, `${runtime.url}/sign-in?error=oidc_state_invalid`].sort());
  });

  it('fails when the callback comes from another browser than the one that started the flow', async () => {
    const attacker = new FetchBrowser();
    provider.signInAs(person());
    const callback = await throughProvider(attacker, apiUrl('/auth/oidc/test/start'));
    // The victim opens the attacker's callback URL: their browser holds no binding for that state.
    const victim = new FetchBrowser();
    const landed = await victim.request(callback);
    expect(landed.headers.get('location')).toBe(`${runtime.url}/sign-in?error=oidc_state_invalid`);
    expect(victim.cookie(runtime.url, 'veza_access')).toBeUndefined();
  });

  it('fails cleanly when the code is redeemed with another PKCE verifier (the provider refuses it)', async () => {
    const browser = new FetchBrowser();
    const eve = person();
    provider.signInAs(eve);
    const callback = await throughProvider(browser, apiUrl('/auth/oidc/test/start'));
    const state = new URL(callback).searchParams.get('state')!;
    // An attacker holding the code but not the verifier: the flow stored for this state gets another one.
    const cache = runtime.adapters.cache;
    const flow = JSON.parse((await cache.get(oidcFlowKey(state)))!);
    const otherVerifier = randomBytes(32).toString('base64url');
    expect(otherVerifier).not.toBe(flow.codeVerifier);
    await cache.set(oidcFlowKey(state), JSON.stringify({ ...flow, codeVerifier: otherVerifier }), 600);

    const before = await accountCount();
    const landed = await browser.request(callback);
    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe(`${runtime.url}/sign-in?error=oidc_exchange_failed`);
    expect(browser.cookie(runtime.url, 'veza_access')).toBeUndefined();
    expect(await accountCount()).toBe(before);
    const identities = await db
      .selectFrom('identities')
      .select('subject')
      .where('subject', '=', eve.sub)
      .execute();
    expect(identities).toEqual([]);
  });
});

describe('linking and unlinking providers', () => {
  /** Starts a link for `user` (bearer) in `browser`, signs in at the provider as `who`, returns the landing. */
  async function link(browser: FetchBrowser, accessToken: string, who: TestPerson) {
    const started = await browser.request(apiUrl('/auth/oidc/test/link'), {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(started.status).toBe(200);
    const { url } = (await json(started)) as { url: string };
    expect(new URL(url).origin).toBe(provider.issuer);
    provider.signInAs(who);
    const callback = await throughProvider(browser, url);
    return browser.request(callback);
  }

  it('links a provider to a password account, signs in through it, and unlinks it', async () => {
    const user = await signUpVerified(runtime);
    const linkedPerson = person();
    const landed = await link(new FetchBrowser(), user.accessToken, linkedPerson);
    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe(`${runtime.url}/settings/security`);
    const me = await api(runtime, 'GET', '/users/me', { token: user.accessToken });
    expect(me.body.providers.map((p: { provider: string }) => p.provider)).toEqual(['test']);

    const viaProvider = await signInWithProvider(linkedPerson);
    expect((await meWithCookies(viaProvider.browser)).body.id).toBe(user.id);

    const unlink = await api(runtime, 'DELETE', '/auth/providers/test', { token: user.accessToken });
    expect(unlink.status).toBe(204);
    const after = await api(runtime, 'GET', '/users/me', { token: user.accessToken });
    expect(after.body.providers).toEqual([]);
    const events = await runtime.hosted.get('auth')!.store.readStream(`account-${user.id}`);
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['ProviderLinked', 'ProviderUnlinked']),
    );
    const again = await api(runtime, 'DELETE', '/auth/providers/test', { token: user.accessToken });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('provider_not_linked');
    // The password still works.
    const signIn = await api(runtime, 'POST', '/auth/sign-in', {
      body: { login: user.email, password: PASSWORD },
    });
    expect(signIn.status).toBe(200);
  });

  it('holds a provider sign-in into an account with two-factor sign-in until a code is given', async () => {
    const user = await signUpVerified(runtime);
    const setup = await api(runtime, 'POST', '/auth/2fa/setup', {
      token: user.accessToken,
      body: { password: PASSWORD },
    });
    const { secret } = setup.body as { secret: string };
    const enable = await api(runtime, 'POST', '/auth/2fa/enable', {
      token: user.accessToken,
      body: { code: totpCode(secret, currentStep()) },
    });
    expect(enable.status).toBe(200);
    const who = person();
    await link(new FetchBrowser(), user.accessToken, who);

    const held = await signInWithProvider(who, '/library');
    expect(held.location).toBe(`${runtime.url}/sign-in?step=two-factor&returnTo=%2Flibrary`);
    expect(held.browser.cookie(runtime.url, 'veza_access')).toBeUndefined();
    expect((await meWithCookies(held.browser)).status).toBe(401);

    const secondFactor = (body: unknown, browser = held.browser) =>
      browser.request(apiUrl('/auth/oidc/second-factor'), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Once signed in, the browser's cookie session makes every POST carry the CSRF echo.
          'x-csrf-token': browser.cookie(runtime.url, 'veza_csrf') ?? '',
        },
        body: JSON.stringify(body),
      });
    const missing = await secondFactor({});
    expect((await json(missing)).code).toBe('two_factor_required');
    const wrong = await secondFactor({
      totp: '000000' === totpCode(secret, currentStep()) ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    expect((await json(wrong)).code).toBe('two_factor_invalid');
    // Another browser cannot finish this sign-in: the hold is in this browser's cookie.
    const elsewhere = await secondFactor({ totp: totpCode(secret, currentStep() + 1) }, new FetchBrowser());
    expect((await json(elsewhere)).code).toBe('oidc_state_invalid');

    // The step after the one enabling 2FA used (a code is accepted once).
    const ticket = held.browser.cookie(runtime.url, 'veza_oidc_2fa')!;
    const right = await secondFactor({ totp: totpCode(secret, currentStep() + 1) });
    expect(right.status).toBe(200);
    expect((await json(right)).tokenType).toBe('Cookie');
    expect((await meWithCookies(held.browser)).body.id).toBe(user.id);
    // The ticket is spent: replaying its cookie does not sign in again.
    held.browser.setCookie(runtime.url, 'veza_oidc_2fa', ticket);
    const again = await secondFactor({ recoveryCode: enable.body.recoveryCodes[0] });
    expect((await json(again)).code).toBe('oidc_state_invalid');
  });

  it('refuses to link an identity that belongs to another account', async () => {
    const taken = person();
    await signInWithProvider(taken);
    const user = await signUpVerified(runtime);
    const landed = await link(new FetchBrowser(), user.accessToken, taken);
    expect(landed.headers.get('location')).toBe(`${runtime.url}/settings/security?error=oidc_identity_taken`);
    const me = await api(runtime, 'GET', '/users/me', { token: user.accessToken });
    expect(me.body.providers).toEqual([]);
  });

  it('answers 409 as JSON when a link callback finds the identity taken', async () => {
    const taken = person();
    await signInWithProvider(taken);
    const user = await signUpVerified(runtime);
    const browser = new FetchBrowser();
    const started = await browser.request(apiUrl('/auth/oidc/test/link'), {
      method: 'POST',
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    provider.signInAs(taken);
    const callback = await throughProvider(browser, ((await json(started)) as { url: string }).url);
    const answer = await browser.request(callback, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(409);
    expect((await json(answer)).code).toBe('oidc_identity_taken');
  });

  it('refuses to unlink the last way to sign in, with the cookie session and its CSRF token', async () => {
    const { browser } = await signInWithProvider(person());
    const csrf = browser.cookie(runtime.url, 'veza_csrf')!;
    const withoutCsrf = await browser.request(apiUrl('/auth/providers/test'), { method: 'DELETE' });
    expect(withoutCsrf.status).toBe(403);
    const refused = await browser.request(apiUrl('/auth/providers/test'), {
      method: 'DELETE',
      headers: { 'x-csrf-token': csrf },
    });
    expect(refused.status).toBe(409);
    expect((await json(refused)).code).toBe('last_sign_in_method');
    expect((await meWithCookies(browser)).body.providers).toHaveLength(1);
  });

  it('needs a signed-in caller to start a link', async () => {
    const anonymous = await api(runtime, 'POST', '/auth/oidc/test/link');
    expect(anonymous.status).toBe(401);
  });
});
