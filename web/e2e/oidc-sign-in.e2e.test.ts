import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OidcTestProvider,
  oidcProvidersEnv,
  reserveIssuer,
  startOidcTestProvider,
} from '../../server/test/harness/oidc-test-provider.ts';
import { chromiumStage } from './chromium-stage.ts';

const CLIENT_ID = 'veza-test';

describe('sign-in with an OpenID Connect provider', () => {
  const clientSecret = randomBytes(24).toString('base64url');
  let issuer: { port: number; issuer: string };
  let provider: OidcTestProvider;

  // The issuer's port is reserved first: Veza reads its providers at start-up, and the provider needs
  // Veza's callback URL, so it starts last.
  const stage = chromiumStage({
    env: async () => {
      issuer = await reserveIssuer();
      return {
        VEZA_OIDC_PROVIDERS: oidcProvidersEnv({
          id: 'test',
          issuer: issuer.issuer,
          clientId: CLIENT_ID,
          clientSecret,
        }),
      };
    },
    screenshots: 'oidc-sign-in',
  });

  beforeAll(async () => {
    provider = await startOidcTestProvider({
      port: issuer.port,
      clientId: CLIENT_ID,
      clientSecret,
      redirectUris: [`${stage.veza.baseUrl}/api/v1/auth/oidc/test/callback`],
    });
  });

  afterAll(async () => {
    await provider?.close();
  });

  it('signs in through the provider, creating the account, which then shows the provider as linked', async () => {
    const { veza } = stage;
    const suffix = Date.now().toString(36);
    const username = `ada_${suffix}`;
    provider.signInAs({
      sub: `ada-${suffix}`,
      email: `ada.${suffix}@provider.test`,
      email_verified: true,
      preferred_username: username,
    });
    const page = await stage.openPage();
    const header = page.getByRole('banner');

    await page.goto(`${veza.baseUrl}/sign-in`);
    const providers = page.getByRole('list', { name: 'Sign in with a provider' });
    const button = providers.getByRole('link', { name: 'Continue with Test provider' });
    await button.waitFor();
    await stage.screenshot('01-sign-in-with-provider');

    // A full page load to the provider, whose interaction signs the person in by itself, and back
    // through Veza's callback to the page the sign-in started from.
    const atProvider: URL[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${issuer.issuer}/`)) atProvider.push(new URL(request.url()));
    });
    await button.click();
    await page.waitForURL(`${veza.baseUrl}/`);
    expect(atProvider[0]?.searchParams.get('client_id'), String(atProvider)).toBe(CLIENT_ID);
    expect(atProvider[0]?.searchParams.get('redirect_uri')).toBe(
      `${veza.baseUrl}/api/v1/auth/oidc/test/callback`,
    );
    expect(atProvider.some((url) => url.pathname.startsWith('/interaction/'))).toBe(true);
    await expect.poll(() => header.getByTestId('account-name').textContent()).toBe(username);
    await stage.screenshot('02-signed-in');

    await header.getByRole('button', { name: `Account: ${username}` }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${veza.baseUrl}/settings/profile`);
    await page.getByRole('link', { name: 'Security' }).click();
    await page.waitForURL(`${veza.baseUrl}/settings/security`);
    const linked = page.getByRole('list', { name: 'Sign-in providers' }).getByRole('listitem');
    await linked
      .filter({ hasText: 'Test provider' })
      .getByText(/^Linked /)
      .waitFor();
    await linked.getByRole('button', { name: 'Unlink Test provider' }).waitFor();
    expect(await linked.count()).toBe(1);
    await page.getByRole('region', { name: 'Linked sign-in providers' }).scrollIntoViewIfNeeded();
    await stage.screenshot('03-provider-linked');
  });
});
