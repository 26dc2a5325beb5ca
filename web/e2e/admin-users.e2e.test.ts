import { describe, expect, it } from 'vitest';
import { chromiumStage } from './chromium-stage.ts';
import { signInThroughPage } from './signed-in-page.ts';
import type { Account } from './verified-account.ts';

describe('admin users page', () => {
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
  const stage = chromiumStage({
    env: { VEZA_ADMIN_EMAILS: admin.email },
    accounts: [admin, member],
    screenshots: 'admin-users',
  });

  it('is offered to admins only, and grants roles, suspends and restores accounts', async () => {
    const { veza } = stage;
    const page = await stage.openPage();
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
    await stage.screenshot('admin-users');
    await row.getByRole('button', { name: 'Restore' }).click();
    await row.getByText('active', { exact: true }).waitFor();
  });
});
