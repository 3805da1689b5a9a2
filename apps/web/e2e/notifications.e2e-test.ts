import { createECDH } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, startPlatform, type Platform } from './e2e-harness.ts';

let p: Platform;
let a: Page;
const stamp = Date.now().toString(36);
const email = `ada-notify-${stamp}@example.test`;

beforeAll(async () => {
  // The web process reads its env at start: a real P-256 public key, so push is "configured".
  const vapid = createECDH('prime256v1');
  vapid.generateKeys();
  process.env.VAPID_PUBLIC_KEY = vapid.getPublicKey().toString('base64url');
  p = await startPlatform();
  const context = await p.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['notifications'], { origin: p.webUrl });
  a = await context.newPage();
});
afterAll(async () => p?.close());

const shot = (name: string) => a.screenshot({ path: path.join(artifactsDir, `${name}.png`) });
const composer = () => a.locator('main textarea[id^="composer-"]');

describe('notification settings in real Chromium', () => {
  it('follows and unfollows a thread from the thread panel, and the choice sticks', async () => {
    await a.goto(`${p.webUrl}/sign-up`);
    await a.getByLabel('Full name').fill('Ada Notify');
    await a.getByLabel('Email').fill(email);
    await a.getByLabel('Password').fill('a-strong-password');
    await a.getByRole('button', { name: 'Create account' }).click();
    await a.waitForURL(/new-workspace/);
    await a.getByLabel('Workspace name').fill('Notify Team');
    await a.getByLabel('Workspace URL').fill(`notify-${stamp}`);
    await a.getByRole('button', { name: 'Create workspace' }).click();
    await a.waitForURL(/\/w\/.+\/c\/.+/);
    await composer().fill('Plan for the launch');
    await composer().press('Enter');
    const root = a.locator('[role="log"] [data-testid="message"]').filter({
      hasText: 'Plan for the launch',
    });
    await expect.poll(() => root.count(), { timeout: 15_000 }).toBe(1);

    await root.hover();
    await root.getByRole('button', { name: 'Reply' }).click();
    const toggle = a.getByTestId('thread-panel').getByTestId('thread-follow-toggle');
    // Ada started the thread, so she follows it before anyone replied.
    await expect.poll(() => toggle.textContent(), { timeout: 15_000 }).toBe('Following');
    await toggle.click();
    await expect.poll(() => toggle.textContent()).toBe('Follow');
    const ada = await p.db.user.findUniqueOrThrow({ where: { email } });
    expect(await p.db.threadFollower.findMany({ where: { userId: ada.id } })).toMatchObject([
      { following: false },
    ]);
    await shot('notify-01-thread-unfollowed');

    await a.getByRole('button', { name: 'Close thread' }).click();
    await root.hover();
    await root.getByRole('button', { name: 'Reply' }).click();
    await expect.poll(() => toggle.textContent(), { timeout: 15_000 }).toBe('Follow');
    await toggle.click();
    await expect.poll(() => toggle.textContent()).toBe('Following');
    await expect
      .poll(async () => (await p.db.threadFollower.findMany({ where: { userId: ada.id } }))[0])
      .toMatchObject({ following: true });
    await a.getByRole('button', { name: 'Close thread' }).click();
  });

  it('turns email digests off, serves the service worker and registers it for desktop push', async () => {
    const ada = await p.db.user.findUniqueOrThrow({ where: { email } });
    expect(ada.emailNotifications).toBe(true);
    await a.getByRole('button', { name: 'Profile & preferences' }).click();
    const emailToggle = a.getByTestId('email-notifications-toggle');
    await expect.poll(() => emailToggle.isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await emailToggle.isChecked()).toBe(true);
    await emailToggle.uncheck();
    await expect
      .poll(
        async () => (await p.db.user.findUniqueOrThrow({ where: { email } })).emailNotifications,
      )
      .toBe(false);
    await expect.poll(() => emailToggle.isChecked()).toBe(false);

    const sw = await fetch(`${p.webUrl}/sw.js`);
    expect(sw.status).toBe(200);
    expect(await sw.text()).toContain("addEventListener('notificationclick'");

    const enable = a.getByRole('button', { name: 'Enable desktop push' });
    await expect.poll(() => enable.isEnabled(), { timeout: 15_000 }).toBe(true);
    await shot('notify-02-settings');
    await enable.click();
    // Headless Chromium here cannot reach a real push service, so subscribing fails after the
    // service worker is registered; the error is shown and nothing is stored. (Where a push
    // service is reachable, the subscription is stored instead.)
    const outcome = await Promise.race([
      a
        .getByRole('button', { name: 'Disable desktop push in this browser' })
        .waitFor({ timeout: 30_000 })
        .then(() => 'subscribed' as const),
      // This section's own alert: the page has others (Next's route announcer is an empty one).
      a
        .getByRole('region', { name: 'Notification delivery' })
        .getByRole('alert')
        .waitFor({ timeout: 30_000 })
        .then(() => 'refused' as const),
    ]);
    const registered = await a.evaluate(async () =>
      Boolean(await navigator.serviceWorker.getRegistration('/')),
    );
    expect(registered).toBe(true);
    const stored = await p.db.pushSubscription.count({ where: { userId: ada.id } });
    console.log(`desktop push in headless Chromium: ${outcome}; subscriptions stored: ${stored}`);
    expect(stored).toBe(outcome === 'subscribed' ? 1 : 0);
    await shot('notify-03-push');
  });
});
