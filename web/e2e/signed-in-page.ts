import type { Page } from 'playwright-core';
import type { Account } from './verified-account.ts';

/** Signs in through the sign-in page and waits until the app has landed on `returnTo`. */
export async function signInThroughPage(page: Page, baseUrl: string, account: Account, returnTo: string) {
  await page.goto(`${baseUrl}/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Email or username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${baseUrl}${returnTo}`);
}
