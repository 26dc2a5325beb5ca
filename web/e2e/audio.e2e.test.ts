import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumStage } from './chromium-stage.ts';
import { signInThroughPage } from './signed-in-page.ts';
import { synthWav } from './synth-track.ts';
import type { Account } from './verified-account.ts';

const suffix = Date.now().toString(36);
const artist: Account = {
  email: `noor.${suffix}@example.com`,
  username: `noor_${suffix}`,
  password: 'harbour lights at low tide',
};

/** The player's <audio> element, read in the page. */
const audioState = (page: Page) =>
  page.evaluate(() => {
    const audio = document.querySelector<HTMLAudioElement>('audio[data-testid="player-audio"]');
    return audio
      ? { currentTime: audio.currentTime, duration: audio.duration, paused: audio.paused }
      : { currentTime: 0, duration: Number.NaN, paused: true };
  });

/**
 * Refusals the second test causes on purpose (Chromium logs every refused request as a console error):
 * the upload of a file that is not audio, and a visitor asking for an unlisted track by its id.
 */
const REFUSED =
  /Failed to load resource: the server responded with a status of 4\d\d.*\/api\/v1\/tracks\/(uploads\/|[0-9a-f-]{36})/;

describe('audio in the browser', () => {
  const stage = chromiumStage({ accounts: [artist], expectedErrors: [REFUSED], screenshots: 'audio' });

  it('uploads a WAV through the page, watches it become ready, plays across a segment boundary, seeks on the waveform and keeps playing while navigating', async () => {
    const { veza } = stage;
    const wav = await synthWav(30);
    const page = await stage.openPage();
    const plays: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/stream/plays')) plays.push(`${request.method()} ${request.url()}`);
    });

    // Upload through the file input of the drop zone.
    await signInThroughPage(page, veza.baseUrl, artist, '/upload');
    await page.getByRole('heading', { level: 1, name: 'Upload a track' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload' }).waitFor();
    await stage.screenshot('01-upload-drop-zone');
    // A slow uplink (1 MB/s) leaves time to see the speed, pause and resume.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 1_000_000,
    });
    await page.getByLabel('Choose an audio file').setInputFiles({
      name: 'harbour-lights.wav',
      mimeType: 'audio/wav',
      buffer: wav,
    });
    const progress = page.getByRole('progressbar', { name: 'Uploading harbour-lights.wav' });
    const percent = async () => Number(await progress.getAttribute('aria-valuenow'));
    await page.getByTestId('upload-speed').waitFor();
    await expect.poll(percent).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    const pausedAt = await percent();
    expect(pausedAt).toBeLessThan(100);
    await stage.screenshot('02-upload-paused');
    await page.waitForTimeout(1_000);
    expect(await percent()).toBe(pausedAt);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(percent, { timeout: 60_000 }).toBe(100);

    // The details form comes prefilled; the processing state turns ready on its own.
    const form = page.getByRole('form', { name: 'Track details' });
    const title = form.getByLabel('Title');
    await title.waitFor();
    expect(await title.inputValue()).not.toBe('');
    await stage.screenshot('03-uploaded-processing');
    await title.fill('Harbour Lights');
    await form.getByLabel('Genre').fill('ambient');
    await form.getByLabel('Tags').fill('tape, field recording');
    await form.getByLabel('License').selectOption('cc-by');
    await form.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('status').filter({ hasText: 'Details saved.' }).waitFor();
    await expect
      .poll(() => page.getByTestId('track-state').textContent(), { timeout: 120_000, interval: 500 })
      .toBe('ready');
    await stage.screenshot('04-ready');

    // The track page: waveform, facts, play.
    await page.getByRole('link', { name: 'Open the track page' }).click();
    await page.waitForURL(/\/tracks\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Harbour Lights' }).waitFor();
    const waveform = page.getByTestId('waveform');
    await expect.poll(() => waveform.getAttribute('aria-disabled')).toBe('false');
    expect(await page.getByTestId('track-license').textContent()).toContain('CC BY 4.0');
    expect(await page.getByTestId('track-duration').textContent()).toBe('0:30');
    await stage.screenshot('05-track-page');

    await page.getByRole('button', { name: 'Play Harbour Lights' }).click();
    await expect
      .poll(async () => (await audioState(page)).currentTime, { timeout: 45_000, interval: 250 })
      .toBeGreaterThan(8);
    expect((await audioState(page)).paused).toBe(false);
    expect(await page.evaluate(() => navigator.mediaSession.metadata?.title)).toBe('Harbour Lights');
    await stage.screenshot('06-playing-past-8s');

    // A click at 75% of the waveform jumps there.
    const { duration } = await audioState(page);
    expect(duration).toBeGreaterThan(29);
    expect(duration).toBeLessThan(31);
    const box = await waveform.boundingBox();
    if (!box) throw new Error('the waveform has no box');
    await waveform.click({ position: { x: box.width * 0.75, y: box.height / 2 } });
    await expect
      .poll(async () => (await audioState(page)).currentTime, { interval: 100 })
      .toBeGreaterThan(0.75 * duration - 1);
    expect((await audioState(page)).currentTime).toBeLessThan(0.75 * duration + 3);
    await stage.screenshot('07-seeked-75');

    // Space pauses and plays again (the waveform has focus after the click and leaves Space to the player).
    await page.keyboard.press('Space');
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(async () => (await audioState(page)).paused).toBe(false);

    // Navigating inside the app keeps the music going: the player lives in the shell.
    await page.evaluate(() => Object.assign(window, { vezaNoReload: true }));
    const before = (await audioState(page)).currentTime;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Your tracks' }).click();
    await page.waitForURL(`${veza.baseUrl}/tracks/mine`);
    await page
      .getByRole('list', { name: 'Your tracks' })
      .getByRole('link', { name: 'Harbour Lights' })
      .waitFor();
    await expect
      .poll(async () => (await audioState(page)).currentTime, { interval: 100 })
      .toBeGreaterThan(before + 1);
    expect((await audioState(page)).paused).toBe(false);
    expect(await page.evaluate(() => 'vezaNoReload' in window)).toBe(true);
    expect(await page.getByTestId('player-title').textContent()).toBe('Harbour Lights');
    await stage.screenshot('08-still-playing-on-your-tracks');
    await page.getByRole('button', { name: 'Queue (1)' }).click();
    await page.getByRole('list', { name: 'Queue' }).getByText('Harbour Lights').waitFor();
    await stage.screenshot('09-queue');

    // The play session was opened and told the progress.
    expect(plays.some((line) => /^POST .*\/api\/v1\/stream\/plays$/.test(line))).toBe(true);
    expect(plays.some((line) => /^POST .*\/api\/v1\/stream\/plays\/[0-9a-f-]{36}$/.test(line))).toBe(true);

    await page.setViewportSize({ width: 390, height: 844 });
    await page
      .getByRole('list', { name: 'Your tracks' })
      .getByRole('link', { name: 'Harbour Lights' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Harbour Lights' }).waitFor();
    await stage.screenshot('10-track-page-narrow');
  }, 300_000);

  it('refuses a file that is not audio, and plays an unlisted track through its secret link only', async () => {
    const { veza } = stage;
    const page = await stage.openPage();
    const header = page.getByRole('banner');
    await signInThroughPage(page, veza.baseUrl, artist, '/upload');

    // A text file named .mp3: the probe refuses it with a problem the page shows.
    await page.getByLabel('Choose an audio file').setInputFiles({
      name: 'notes.mp3',
      mimeType: 'audio/mpeg',
      buffer: Buffer.from('these are words, not sounds\n'.repeat(64)),
    });
    const refusal = page.getByRole('alert');
    await refusal.waitFor({ timeout: 30_000 });
    expect(await refusal.getAttribute('data-code')).toMatch(/^[a-z_]+$/);
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await stage.screenshot('11-refused-not-audio');
    await page.getByRole('button', { name: 'Choose another file' }).click();

    // An unlisted track.
    await page.getByLabel('Choose an audio file').setInputFiles({
      name: 'night-ferry.wav',
      mimeType: 'audio/wav',
      buffer: await synthWav(12),
    });
    const form = page.getByRole('form', { name: 'Track details' });
    await form.getByLabel('Title').fill('Night Ferry');
    await form.getByRole('radio', { name: /Unlisted/ }).check();
    await form.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('status').filter({ hasText: 'Details saved.' }).waitFor();
    await expect
      .poll(() => page.getByTestId('track-state').textContent(), { timeout: 120_000, interval: 500 })
      .toBe('ready');
    await page.getByRole('link', { name: 'Open the track page' }).click();
    await page.waitForURL(/\/tracks\/[0-9a-f-]{36}$/);
    const trackUrl = page.url();
    const secretLink = await page.getByTestId('share-link').inputValue();
    expect(secretLink).toMatch(/\/t\/s\/[A-Za-z0-9_-]{24}$/);
    expect(await page.getByTestId('track-visibility').textContent()).toBe('Unlisted');
    await stage.screenshot('12-unlisted-owner');

    // Signed out: not by id, not on the profile; by the secret link it plays (signed stream URLs).
    await header.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await header.getByRole('link', { name: 'Sign in' }).waitFor();
    await page.goto(trackUrl);
    await page.getByRole('heading', { level: 1, name: 'Track not found' }).waitFor();
    await page.goto(`${veza.baseUrl}/u/${artist.username}`);
    const artistTracks = page.locator('section.artist-tracks');
    await artistTracks.getByRole('heading', { level: 2, name: 'Tracks' }).waitFor();
    await expect.poll(() => artistTracks.textContent()).not.toContain('Loading…');
    expect(await artistTracks.getByRole('link', { name: 'Night Ferry' }).count()).toBe(0);
    await page.goto(secretLink);
    await page.getByRole('heading', { level: 1, name: 'Night Ferry' }).waitFor();
    expect(await page.getByText('Manage your track').count()).toBe(0);
    await page.getByRole('button', { name: 'Play Night Ferry' }).click();
    await expect
      .poll(async () => (await audioState(page)).currentTime, { timeout: 45_000, interval: 250 })
      .toBeGreaterThan(2);
    expect(await page.getByTestId('player-title').getAttribute('href')).toBe(new URL(secretLink).pathname);
    await stage.screenshot('13-secret-link-playing');
  }, 300_000);
});
