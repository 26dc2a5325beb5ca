import { describe, expect, it } from 'vitest';
import { chromiumStage } from './chromium-stage.ts';

describe('web shell', () => {
  const stage = chromiumStage({ screenshots: 'shell' });

  it('renders the layout and reaches the status page by client-side navigation', async () => {
    const { veza } = stage;
    const page = await stage.openPage();
    await page.goto(`${veza.baseUrl}/`);

    const banner = page.getByRole('banner');
    await banner.getByRole('link', { name: 'Veza home' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Home', 'Library', 'Communities', 'Marketplace', 'Status']) {
      await nav.getByRole('link', { name, exact: true }).waitFor();
    }
    expect(await nav.getByRole('link', { name: 'Home', exact: true }).getAttribute('aria-current')).toBe(
      'page',
    );
    await page.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Player' }).waitFor();
    expect(await page.title()).toBe('Veza');
    await stage.screenshot('home');

    // A marker on window survives client-side navigation and would vanish on a full page load.
    await page.evaluate(() => Object.assign(window, { vezaNoReload: true }));
    await nav.getByRole('link', { name: 'Status', exact: true }).click();
    await page.waitForURL(`${veza.baseUrl}/status`);
    await page.getByRole('heading', { level: 1, name: 'Platform status' }).waitFor();
    expect(await page.evaluate(() => 'vezaNoReload' in window)).toBe(true);

    await page.locator('[data-testid="overall-status"]', { hasText: /^ok$/ }).waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="check-database-status"]', { hasText: /^ok$/ }).waitFor();
    expect(await page.getByTestId('check-database').getAttribute('data-state')).toBe('ok');
    expect((await page.getByTestId('platform-version').textContent())?.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await page.getByTestId('platform-mode').textContent()).toMatch(/^(embedded|distributed)$/);
    await page.getByTestId('adapter-database').waitFor();
    expect(await page.title()).toBe('Status · Veza');
    await stage.screenshot('status');

    await page.setViewportSize({ width: 390, height: 844 });
    await stage.screenshot('status-narrow');
  });

  it('shows a coming-soon page for sections not built yet', async () => {
    const { veza } = stage;
    const page = await stage.openPage();
    await page.goto(`${veza.baseUrl}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Marketplace' }).click();
    await page.getByRole('heading', { level: 1, name: 'Marketplace' }).waitFor();
    await page.getByText('Coming soon').waitFor();
    await stage.screenshot('coming-soon');
  });

  it('shows the not-found page for an unknown path', async () => {
    const { veza } = stage;
    const page = await stage.openPage();
    const response = await page.goto(`${veza.baseUrl}/no/such/page`);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.getByTestId('not-found').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.getByTestId('not-found').textContent()).toContain('/no/such/page');
    await stage.screenshot('not-found');
  });
});
