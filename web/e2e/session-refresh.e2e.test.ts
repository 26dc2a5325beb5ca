import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumStage } from './chromium-stage.ts';
import { signInThroughPage } from './signed-in-page.ts';
import type { Account } from './verified-account.ts';

/** Access tokens live this long here, so the test sees them expire. */
const ACCESS_TTL_S = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Requests refused for the expired access token, before the refresh, are logged by Chromium as errors.
const EXPECTED_401 = /Failed to load resource: the server responded with a status of 401/;

describe('cookie session renewal', () => {
  const suffix = Date.now().toString(36);
  const account: Account = {
    email: `noor.${suffix}@example.com`,
    username: `noor_${suffix}`,
    password: 'reel to reel at midnight',
  };
  const stage = chromiumStage({
    env: { VEZA_ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_S) },
    accounts: [account],
    expectedErrors: [EXPECTED_401],
    screenshots: 'session-refresh',
  });

  it('renews an expired access token with one refresh shared by concurrent requests', async () => {
    const { veza } = stage;
    const page = await stage.openPage();
    const refreshes: Request[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/auth/refresh')) refreshes.push(request);
    });

    await signInThroughPage(page, veza.baseUrl, account, '/settings/security');
    await page.getByTestId('session-row').first().waitFor();
    expect(refreshes).toHaveLength(0);

    // Past the access token's life (and the queries' stale time), a visibility change refetches several
    // queries at once: each is refused with token_expired, and they share one refresh.
    await sleep((ACCESS_TTL_S + 2) * 1000);
    const refetched = page.waitForResponse(
      (response) => response.url().endsWith('/api/v1/auth/sessions') && response.status() !== 401,
    );
    await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
    expect((await refetched).status()).toBe(200);
    await page.waitForLoadState('networkidle');
    expect(refreshes).toHaveLength(1);
    expect((await refreshes[0]!.response())?.status()).toBe(200);
    expect(page.url()).toBe(`${veza.baseUrl}/settings/security`);
    expect(await page.getByTestId('session-row').count()).toBe(1);

    // The renewed session keeps working for writes (CSRF header from the renewed cookie).
    await page
      .getByRole('tab', { name: 'Privacy' })
      .or(page.getByRole('link', { name: 'Privacy' }))
      .click();
    await page.getByRole('switch', { name: 'Make my profile private' }).check();
    await expect
      .poll(() => page.getByRole('switch', { name: 'Make my profile private' }).isChecked())
      .toBe(true);
  });
});
