import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chromiumStage } from './chromium-stage.ts';
import { signInThroughPage } from './signed-in-page.ts';
import type { Account } from './verified-account.ts';

// Refused on purpose, and logged by Chromium: the old password after the reset (401), the deleted
// account's profile (404).
const EXPECTED = [
  /Failed to load resource: the server responded with a status of 401.*\/api\/v1\/auth\/sign-in/,
  /Failed to load resource: the server responded with a status of 404.*\/api\/v1\/profiles\/lena_/,
];

describe('password reset, data export and account deletion', () => {
  const suffix = Date.now().toString(36);
  const account: Account = {
    email: `lena.${suffix}@example.com`,
    username: `lena_${suffix}`,
    password: 'first pressing on blue vinyl',
  };
  const newPassword = 'second pressing on red vinyl';
  const stage = chromiumStage({
    accounts: [account],
    expectedErrors: EXPECTED,
    screenshots: 'account-recovery',
  });

  it('resets a forgotten password by email, downloads the data and deletes the account', async () => {
    const { veza, mail } = stage;
    const page = await stage.openPage();

    await page.goto(`${veza.baseUrl}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(account.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your inbox' }).waitFor();
    const reset = await mail.waitFor(account.email, (message) => /reset-password\?token=/.test(message.text));
    const link = /https?:\/\/\S+\/reset-password\?token=[\w.~%-]+/.exec(reset.text)?.[0];
    expect(link, reset.text).toBeDefined();
    await page.goto(link!);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Password changed' }).waitFor();

    // The old password no longer works; the problem's detail is shown.
    await page.goto(`${veza.baseUrl}/sign-in`);
    await page.getByLabel('Email or username').fill(account.username);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('credentials_invalid');

    await signInThroughPage(page, veza.baseUrl, { ...account, password: newPassword }, '/settings/account');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download archive' }).click();
    const archive = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as {
      userId?: string;
    };
    expect(archive.userId).toMatch(/^[0-9a-f-]{36}$/);

    await page.getByLabel(`Type your username (${account.username}) to confirm`).fill(account.username);
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(`${veza.baseUrl}/`);
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
    await page.goto(`${veza.baseUrl}/u/${account.username}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe('Profile not found');
  });
});
