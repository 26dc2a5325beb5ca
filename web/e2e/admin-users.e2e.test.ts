import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, type VezaBrowser } from './browser.ts';
import { type MailCatcher, startMailCatcher } from './mail-catcher.ts';
import { REPO_ROOT, startVeza, type VezaProcess } from './server-process.ts';
import { signInThroughPage } from './signed-in-page.ts';
import { type Account, createVerifiedAccount } from './verified-account.ts';

describe('admin users page', () => {
  let mail: MailCatcher;
  let veza: VezaProcess;
  let browser: VezaBrowser;
  let page: Page;
  let errors: string[];
  let shots: string;
  const suffix = Date.now().toString(36);
  const admin: Account = {
    email: `admin.${suffix}@example.com`,
    username: `admin_${suffix}`,
    password: 'gold plated patch cables',
  };
  const member: Account = {
    email: `sam.${suffix}@example.com`,
    username: `sam_${suffix}`,
    password: 'dusty crates of vinyl',
  };

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'web', 'dist', 'index.html'))) {
      throw new Error('web/dist is missing: run `npm run test:e2e` (it builds the web app first)');
    }
    shots = process.env.VEZA_E2E_SCREENSHOTS ?? (await mkdtemp(path.join(tmpdir(), 'veza-admin-shots-')));
    mail = await startMailCatcher();
    veza = await startVeza({ env: { SMTP_URL: mail.url, VEZA_ADMIN_EMAILS: admin.email } });
    await createVerifiedAccount(veza.baseUrl, mail, admin);
    await createVerifiedAccount(veza.baseUrl, mail, member);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await veza?.stop();
    await mail?.close();
  });

  afterEach(async () => {
    await page?.close();
    expect(errors, 'console errors or uncaught exceptions').toEqual([]);
  });

  it('is offered to admins only, and grants roles, suspends and restores accounts', async () => {
    page = await browser.newPage();
    errors = collectPageErrors(page);
    const nav = page.getByRole('navigation', { name: 'Main' });

    // A member has no Users entry and is turned away from the page.
    await signInThroughPage(page, veza.baseUrl, member, '/');
    await page.getByRole('banner').getByTestId('account-name').waitFor();
    expect(await nav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await page.goto(`${veza.baseUrl}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    await page
      .getByRole('banner')
      .getByRole('button', { name: /^Account:/ })
      .click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();

    await signInThroughPage(page, veza.baseUrl, admin, '/');
    await nav.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search users' }).fill(member.username);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.locator(`[data-testid="admin-user-row"][data-username="${member.username}"]`);
    await row.waitFor();
    expect(await page.getByTestId('admin-user-row').count()).toBe(1);

    const artist = row.getByRole('checkbox', { name: 'artist' });
    await artist.check();
    await expect.poll(() => artist.isChecked()).toBe(true);
    await expect.poll(() => artist.isEnabled()).toBe(true);

    await row.getByRole('button', { name: 'Suspend' }).click();
    await row.getByLabel(`Reason for suspending @${member.username}`).fill('Spam in three communities');
    await row.getByRole('button', { name: 'Suspend' }).click();
    await row.getByText('suspended', { exact: true }).waitFor();
    await screenshot('admin-users');
    await row.getByRole('button', { name: 'Restore' }).click();
    await row.getByText('active', { exact: true }).waitFor();
  });

  const screenshot = (name: string) =>
    page.screenshot({ path: path.join(shots, `${name}.png`), animations: 'disabled' });
});
