import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { collectPageErrors, launchBrowser, type VezaBrowser } from './browser.ts';
import { type MailCatcher, startMailCatcher } from './mail-catcher.ts';
import { REPO_ROOT, startVeza, type VezaProcess } from './server-process.ts';
import { type Account, createVerifiedAccount } from './verified-account.ts';

export type StageOptions = {
  /**
   * More environment for `veza start` (SMTP_URL already points at the mail catcher). A function is called
   * in beforeAll, when something has to be set up before Veza starts (a port to reserve).
   */
  env?: Record<string, string> | (() => Promise<Record<string, string>>);
  /** Signed up and verified through the API once Veza is up, before the first test. */
  accounts?: Account[];
  /**
   * Console errors the tests cause on purpose (Chromium logs every refused request as one); any other
   * console error or uncaught exception fails the test.
   */
  expectedErrors?: RegExp[];
  /** Folder for this suite's screenshots, under $VEZA_E2E_SCREENSHOTS or web/e2e/screenshots/. */
  screenshots: string;
};

/** Everything a browser test plays on; read its fields inside hooks and tests, once beforeAll ran. */
export type ChromiumStage = {
  readonly veza: VezaProcess;
  readonly mail: MailCatcher;
  readonly browser: VezaBrowser;
  /** The page the current test opened last. */
  readonly page: Page;
  /** A new page whose console is watched; closed and checked after the test. */
  openPage(): Promise<Page>;
  /** Saves the current page as `<name>.png` in the suite's screenshot folder. */
  screenshot(name: string): Promise<Buffer>;
};

/**
 * Registers, in the calling `describe`, the hooks every browser test shares: the built web app is
 * checked, a mail catcher, Veza (production `veza start`) and Chromium start before the tests and stop
 * after them, and each test's pages are closed and checked for console errors.
 */
export function chromiumStage(options: StageOptions): ChromiumStage {
  let veza: VezaProcess | undefined;
  let mail: MailCatcher | undefined;
  let browser: VezaBrowser | undefined;
  let opened: { page: Page; errors: string[] }[] = [];
  const shots = path.join(
    process.env.VEZA_E2E_SCREENSHOTS ?? path.join(REPO_ROOT, 'web', 'e2e', 'screenshots'),
    options.screenshots,
  );
  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`${name} is not started: use the stage inside hooks and tests`);
    return value;
  };

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'web', 'dist', 'index.html'))) {
      throw new Error('web/dist is missing: run `npm run test:e2e` (it builds the web app first)');
    }
    await mkdir(shots, { recursive: true });
    const env = typeof options.env === 'function' ? await options.env() : (options.env ?? {});
    mail = await startMailCatcher();
    veza = await startVeza({ env: { SMTP_URL: mail.url, ...env } });
    for (const account of options.accounts ?? []) await createVerifiedAccount(veza.baseUrl, mail, account);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await veza?.stop();
    await mail?.close();
  });

  afterEach(async () => {
    const pages = opened;
    opened = [];
    for (const { page } of pages) await page.close();
    const expected = options.expectedErrors ?? [];
    expect(
      pages.flatMap(({ errors }) =>
        errors.filter((error) => !expected.some((pattern) => pattern.test(error))),
      ),
      'console errors or uncaught exceptions',
    ).toEqual([]);
  });

  return {
    get veza() {
      return started(veza, 'Veza');
    },
    get mail() {
      return started(mail, 'The mail catcher');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
    get page() {
      const last = opened.at(-1);
      if (!last) throw new Error('no page: call openPage() first');
      return last.page;
    },
    async openPage() {
      const page = await started(browser, 'Chromium').newPage();
      opened.push({ page, errors: collectPageErrors(page) });
      return page;
    },
    screenshot(name) {
      return this.page.screenshot({ path: path.join(shots, `${name}.png`), animations: 'disabled' });
    },
  };
}
