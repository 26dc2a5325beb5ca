import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (apt install chromium); playwright-core never downloads a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type LaunchOptions = {
  viewport?: { width: number; height: number };
};

export type VezaBrowser = {
  /** The persistent context every page of this browser shares (one fresh profile per launch). */
  context: BrowserContext;
  newPage(): Promise<Page>;
  /** Closes Chromium and removes its profile directory. */
  close(): Promise<void>;
};

/**
 * Starts a headless Chromium with a fresh temporary profile. Playwright refuses `--user-data-dir` in
 * `launch()` args, so the profile goes through `launchPersistentContext`.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<VezaBrowser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'veza-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      colorScheme: 'dark',
      locale: 'en-US',
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  let closed = false;
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      }
    },
  };
}

/**
 * Records every console error and uncaught exception of a page, so a test can assert there were none.
 * Returns the live list.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const { url, lineNumber } = message.location();
      errors.push(`console.error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.stack ?? error.message}`));
  return errors;
}
