import { describe, expect, it } from 'vitest';
import { chromiumStage } from './chromium-stage.ts';
import { gradientPng } from './png-image.ts';
import { signInThroughPage } from './signed-in-page.ts';
import { msLeftInStep, totpCode } from './totp-code.ts';
import { type Account, createVerifiedAccount } from './verified-account.ts';

const STEP_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A refused sign-in attempt (401) is part of the flow: Chromium logs every failed response as a console
 * error, so those are expected; anything else in the console is a bug.
 */
const REFUSED_SIGN_IN =
  /Failed to load resource: the server responded with a status of 401.*\/api\/v1\/auth\/sign-in/;

describe('identity in the browser', () => {
  const stage = chromiumStage({ expectedErrors: [REFUSED_SIGN_IN], screenshots: 'identity' });

  it('signs up, verifies through the emailed link, edits the profile, turns on 2FA and signs in with a code', async () => {
    const suffix = Date.now().toString(36);
    const username = `mira_${suffix}`;
    const email = `mira.${suffix}@example.com`;
    const password = 'violet tape loops at dawn';
    const { veza, mail } = stage;
    const page = await stage.openPage();
    const header = page.getByRole('banner');

    // Sign up.
    await page.goto(`${veza.baseUrl}/`);
    await header.getByRole('link', { name: 'Sign up' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create your account' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await stage.screenshot('01-sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('sign-up-done').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your inbox');

    // Verify through the link in the captured email.
    const verification = await mail.waitFor(email, (message) => /verify-email\?token=/.test(message.text));
    const link = /https?:\/\/\S+\/verify-email\?token=[\w.~%-]+/.exec(verification.text)?.[0];
    expect(link, verification.text).toBeDefined();
    await page.goto(link!);
    await page.getByTestId('email-verified').waitFor();
    await stage.screenshot('02-email-verified');

    // Sign in with the username and password.
    await page.getByRole('link', { name: 'Sign in' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Veza' }).waitFor();
    await page.getByLabel('Email or username').fill(username);
    await page.getByLabel('Password').fill(password);
    await stage.screenshot('03-sign-in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${veza.baseUrl}/`);
    await expect.poll(() => header.getByTestId('account-name').textContent()).toBe(username);

    // Edit the profile, avatar included, from the account menu.
    await header.getByRole('button', { name: `Account: ${username}` }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${veza.baseUrl}/settings/profile`);
    await page.getByLabel('Upload avatar').setInputFiles({
      name: 'avatar.png',
      mimeType: 'image/png',
      buffer: gradientPng(128),
    });
    await page.getByTestId('avatar-preview').waitFor();
    await stage.screenshot('04-avatar-uploaded');
    await page.getByLabel('Display name').fill('Mira Okafor');
    await page.getByLabel('Bio').fill('Modular synths, tape loops and field recordings from the harbour.');
    await page.getByLabel('Location').fill('Lisbon, Portugal');
    await page.getByLabel('Genres').fill('ambient, techno, field recording');
    await page.getByRole('button', { name: 'Add a link' }).click();
    await page.getByLabel('Link 1 label').fill('Bandcamp');
    await page.getByLabel('Link 1 URL').fill('https://mira.bandcamp.com');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    await expect.poll(() => header.getByTestId('account-name').textContent()).toBe('Mira Okafor');
    await header.locator('.avatar img').waitFor();
    await stage.screenshot('05-settings-profile');

    // The public profile page shows it all.
    await page.goto(`${veza.baseUrl}/u/${username}`);
    await page.getByRole('heading', { level: 1, name: 'Mira Okafor' }).waitFor();
    const avatar = page.getByRole('img', { name: "Mira Okafor's avatar" }).locator('img');
    await expect
      .poll(() => avatar.evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
    expect(await page.getByTestId('profile').textContent()).toContain('Lisbon, Portugal');
    await page.getByRole('link', { name: 'Bandcamp' }).waitFor();
    await page.getByRole('list', { name: 'Genres' }).getByText('techno').waitFor();
    await stage.screenshot('06-profile');

    // Turn on two-step verification with a code computed from the secret on the page.
    await page.goto(`${veza.baseUrl}/settings/security`);
    const twoFactor = page.getByTestId('two-factor-panel');
    await twoFactor.getByRole('button', { name: 'Set up two-step verification' }).click();
    await twoFactor.getByLabel('Confirm your password').fill(password);
    await twoFactor.getByRole('button', { name: 'Continue' }).click();
    const secretElement = page.getByTestId('totp-secret');
    await secretElement.waitFor();
    const secret = (await secretElement.getAttribute('data-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    expect((await secretElement.textContent())?.replace(/\s+/g, '')).toBe(secret);
    const qr = twoFactor.getByRole('img', { name: 'QR code for your authenticator app' });
    await expect.poll(() => qr.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    await stage.screenshot('07-two-factor-setup');
    if (msLeftInStep() < 3_000) await sleep(msLeftInStep() + 100);
    const enabledInStep = Math.floor(Date.now() / STEP_MS);
    await twoFactor.getByLabel('Enter the 6-digit code the app shows').fill(totpCode(secret));
    await twoFactor.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByTestId('recovery-codes');
    await codes.waitFor();
    expect(await codes.getByRole('listitem').count()).toBeGreaterThanOrEqual(8);
    await expect.poll(() => page.getByTestId('two-factor-status').textContent()).toBe('on');
    await stage.screenshot('08-recovery-codes');
    await page.getByRole('button', { name: 'I saved my recovery codes' }).click();
    await page.getByRole('button', { name: 'Turn off two-step verification' }).waitFor();

    // Sign out from the account menu.
    await header.getByRole('button', { name: 'Account: Mira Okafor' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await header.getByRole('link', { name: 'Sign in' }).waitFor();
    await page.goto(`${veza.baseUrl}/settings/security`);
    await page.waitForURL(/\/sign-in\?returnTo=%2Fsettings%2Fsecurity$/);

    // Back in with the password, then a fresh code (the one used to enable is refused as a replay).
    await page.getByLabel('Email or username').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const codeField = page.getByLabel('Authentication code');
    await codeField.waitFor();
    await expect.poll(() => codeField.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.getByLabel('Email or username').isVisible()).toBe(false);
    await stage.screenshot('09-two-factor-sign-in');
    const waitForNextStep = (enabledInStep + 1) * STEP_MS - Date.now();
    if (waitForNextStep > 0) await sleep(waitForNextStep + 100);
    if (msLeftInStep() < 3_000) await sleep(msLeftInStep() + 100);
    await codeField.fill(totpCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${veza.baseUrl}/settings/security`);
    await expect.poll(() => header.getByTestId('account-name').textContent()).toBe('Mira Okafor');
    await expect.poll(() => page.getByTestId('two-factor-status').textContent()).toBe('on');
    await page.getByTestId('sessions-panel').getByTestId('session-row').first().waitFor();
    await stage.screenshot('10-signed-in-with-code');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${veza.baseUrl}/u/${username}`);
    await page.getByRole('heading', { level: 1, name: 'Mira Okafor' }).waitFor();
    await stage.screenshot('10b-profile-narrow');
  });

  it('shows a private profile in full only to the viewers its owner approved', async () => {
    const suffix = Date.now().toString(36);
    const owner: Account = {
      email: `ines.${suffix}@example.com`,
      username: `ines_${suffix}`,
      password: 'granular clouds over the bay',
    };
    const friend: Account = {
      email: `tom.${suffix}@example.com`,
      username: `tom_${suffix}`,
      password: 'four on the floor forever',
    };
    const { veza, mail } = stage;
    await createVerifiedAccount(veza.baseUrl, mail, owner);
    await createVerifiedAccount(veza.baseUrl, mail, friend);
    const page = await stage.openPage();
    const header = page.getByRole('banner');
    const signOut = async () => {
      await header.getByRole('button', { name: /^Account:/ }).click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await header.getByRole('link', { name: 'Sign in' }).waitFor();
    };

    // The owner makes the profile private and approves a friend.
    await signInThroughPage(page, veza.baseUrl, owner, '/settings/privacy');
    const privateSwitch = page.getByRole('switch', { name: 'Make my profile private' });
    await expect.poll(() => privateSwitch.isEnabled()).toBe(true);
    await privateSwitch.check();
    await expect.poll(() => privateSwitch.isChecked()).toBe(true);
    await page.getByLabel('Approve someone').fill(friend.username);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page.getByRole('list', { name: 'Approved viewers' }).getByText(`@${friend.username}`).waitFor();
    await stage.screenshot('11-privacy-settings');
    await signOut();

    // A visitor sees the name and avatar only.
    await page.goto(`${veza.baseUrl}/u/${owner.username}`);
    await page.getByTestId('profile-private').waitFor();
    await page.getByRole('heading', { level: 1, name: owner.username }).waitFor();
    await stage.screenshot('12-private-profile-limited');

    // The approved friend sees the whole profile.
    await signInThroughPage(page, veza.baseUrl, friend, `/u/${owner.username}`);
    await page.getByTestId('profile').waitFor();
    await page.getByText('Nothing here yet.').waitFor();
    expect(await page.getByTestId('profile-private').count()).toBe(0);
    await signOut();
  });
});
