import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, startPlatform, type Platform } from './e2e-harness.ts';

let p: Platform;
let a: Page;
let b: Page;
const stamp = Date.now().toString(36);

beforeAll(async () => {
  p = await startPlatform();
  a = await (await p.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  b = await (await p.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  for (const page of [a, b]) page.on('dialog', (d) => void d.accept());
});
afterAll(async () => p?.close());

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(artifactsDir, `${name}.png`) });
/** Messages of the channel view (not the thread panel). */
const messages = (page: Page) => page.locator('[role="log"] [data-testid="message"]');
const composer = (page: Page) => page.locator('main textarea[id^="composer-"]');

async function signUp(page: Page, name: string, email: string, next?: string) {
  await page.goto(`${p.webUrl}/sign-up${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a-strong-password');
  await page.getByRole('button', { name: 'Create account' }).click();
}

async function send(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

describe('two people chatting in real Chromium', () => {
  it('signs up, creates a workspace, invites, and joins through the link', async () => {
    await signUp(a, 'Ada Admin', `ada-${stamp}@example.test`);
    await a.waitForURL(/new-workspace/);
    await a.getByLabel('Workspace name').fill('E2E Team');
    await a.getByLabel('Workspace URL').fill(`e2e-${stamp}`);
    await a.getByRole('button', { name: 'Create workspace' }).click();
    await a.waitForURL(/\/w\/.+\/c\/.+/);
    await expect.poll(() => a.getByTestId('channel-title').textContent()).toContain('general');
    await shot(a, '01-empty-workspace');

    await a.getByRole('button', { name: 'Invite people' }).click();
    await a.getByRole('button', { name: 'Create invite link' }).click();
    const link = await a.getByTestId('invite-link').inputValue();
    expect(link).toContain('/invite/');
    await a.keyboard.press('Escape');

    await b.goto(link);
    await b.getByRole('link', { name: 'Create an account to join' }).click();
    await b.getByLabel('Full name').fill('Bob Builder');
    await b.getByLabel('Email').fill(`bob-${stamp}@example.test`);
    await b.getByLabel('Password').fill('a-strong-password');
    await b.getByRole('button', { name: 'Create account' }).click();
    await b.waitForURL(/\/invite\//);
    await b.getByRole('button', { name: /Join E2E Team/ }).click();
    await b.waitForURL(/\/w\/.+\/c\/.+/);
    await expect.poll(() => b.getByTestId('channel-title').textContent()).toContain('general');
  });

  it('delivers messages live in both directions', async () => {
    await send(a, 'Hello from Ada');
    await expect
      .poll(() => messages(b).last().textContent(), { timeout: 15_000 })
      .toContain('Hello from Ada');
    await send(b, 'Hi Ada, Bob here');
    await expect
      .poll(() => messages(a).last().textContent(), { timeout: 15_000 })
      .toContain('Bob here');
    await shot(a, '02-conversation');
  });

  it('shows who is typing, and stops showing it when their message arrives', async () => {
    const typing = (page: Page) => page.getByTestId('typing').textContent();
    await composer(a).pressSequentially('Typing a long');
    await expect.poll(() => typing(b), { timeout: 15_000 }).toBe('Ada Admin is typing…');
    await composer(a).press('Enter');
    await expect
      .poll(() => messages(b).last().textContent(), { timeout: 15_000 })
      .toContain('Typing a long');
    // Gone with the message, not when the indicator's 6-second expiry runs out.
    expect(await typing(b)).toBe('');
    // Typing again right after sending shows again (the throttle starts over with each send).
    await composer(a).pressSequentially('and again');
    await expect.poll(() => typing(b), { timeout: 15_000 }).toBe('Ada Admin is typing…');
    await composer(a).press('Enter');
    await expect.poll(() => typing(b), { timeout: 15_000 }).toBe('');
  });

  it('shows an unread badge with mentions that clears when the channel is opened', async () => {
    await b.getByRole('button', { name: 'Create a channel' }).click();
    await b.getByLabel('Name').fill('side-room');
    await b.getByRole('button', { name: 'Create', exact: true }).click();
    await expect.poll(() => b.getByTestId('channel-title').textContent()).toContain('side-room');

    await composer(a).fill('Are you there @bob');
    await a.getByRole('option', { name: '@Bob Builder' }).click();
    await composer(a).press('Enter');
    const general = b.getByTestId('sidebar-general');
    await expect.poll(() => general.getAttribute('data-unread'), { timeout: 15_000 }).toBe('true');
    await expect
      .poll(() => general.getByTestId('mention-badge').textContent(), { timeout: 15_000 })
      .toBe('1');
    await shot(b, '03-unread-badge');
    await general.click();
    await expect.poll(() => messages(b).last().textContent()).toContain('@Bob Builder');
    await b.getByTestId('sidebar-side-room').click();
    await expect
      .poll(() => b.getByTestId('sidebar-general').getAttribute('data-unread'), { timeout: 15_000 })
      .toBe('false');
    await expect
      .poll(() => b.getByTestId('sidebar-general').getByTestId('mention-badge').count())
      .toBe(0);
    await b.getByTestId('sidebar-general').click();
  });

  it('replies in a thread, reacts, edits and deletes', async () => {
    const target = messages(b).filter({ hasText: 'Hello from Ada' });
    await target.hover();
    await target.getByRole('button', { name: 'Reply' }).click();
    const thread = b.getByTestId('thread-panel');
    await thread.locator('textarea').fill('A threaded reply');
    await thread.locator('textarea').press('Enter');
    await expect
      .poll(() => thread.textContent(), { timeout: 15_000 })
      .toContain('A threaded reply');
    await expect
      .poll(() => messages(a).filter({ hasText: 'Hello from Ada' }).textContent(), {
        timeout: 15_000,
      })
      .toContain('1 reply');
    // The replier's open thread shows the count too, even if its thread fetch raced the reply.
    await expect.poll(() => thread.textContent(), { timeout: 15_000 }).toContain('1 reply');
    await shot(b, '04-thread');
    await b.getByRole('button', { name: 'Close thread' }).click();

    const bobs = messages(a).filter({ hasText: 'Bob here' });
    await bobs.hover();
    await bobs.getByRole('button', { name: 'React with 👍' }).click();
    await expect
      .poll(() => messages(b).filter({ hasText: 'Bob here' }).textContent(), { timeout: 15_000 })
      .toContain('👍 1');

    const mine = messages(a).filter({ hasText: 'Hello from Ada' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Edit', exact: true }).click();
    await a.getByLabel('Edit message').fill('Hello from Ada, edited');
    await a.getByLabel('Edit message').press('Enter');
    await expect
      .poll(() => messages(b).filter({ hasText: 'Hello from Ada, edited' }).textContent(), {
        timeout: 15_000,
      })
      .toContain('(edited)');

    const doomed = messages(a).filter({ hasText: 'Hello from Ada, edited' });
    await doomed.hover();
    await doomed.getByRole('button', { name: 'Delete' }).click();
    await expect
      .poll(() => b.getByText('This message was deleted.').count(), { timeout: 15_000 })
      .toBe(1);
  });

  it('loads every reply of a thread longer than one page', async () => {
    const general = await p.db.channel.findFirstOrThrow({
      where: { name: 'general', workspace: { slug: `e2e-${stamp}` } },
    });
    const ada = await p.db.user.findUniqueOrThrow({
      where: { email: `ada-${stamp}@example.test` },
    });
    const actor = { kind: 'user' as const, id: ada.id, workspaceId: general.workspaceId };
    const { message: root } = await p.services.messages.sendMessage(actor, {
      channelId: general.id,
      body: 'A long thread',
    });
    for (let i = 1; i <= 60; i++)
      await p.services.messages.sendMessage(actor, {
        channelId: general.id,
        body: `long reply ${i}.`,
        threadRootId: root.id,
      });
    // Newer than every reply, so a fresh page's catch-up sync starts past them.
    await p.services.messages.sendMessage(actor, {
      channelId: general.id,
      body: 'After the thread',
    });
    // A fresh page: the replies were not seen arriving live, so the thread panel must fetch them.
    await b.reload();
    await expect
      .poll(() => messages(b).last().textContent(), { timeout: 15_000 })
      .toContain('After the thread');
    const target = messages(b).filter({ hasText: 'A long thread' });
    await expect.poll(() => target.textContent(), { timeout: 15_000 }).toContain('60 replies');
    await target.hover();
    await target.getByRole('button', { name: 'Reply' }).click();
    const thread = b.getByTestId('thread-panel');
    await expect
      .poll(() => thread.locator('[data-testid="message"]').count(), { timeout: 15_000 })
      .toBe(61);
    const text = await thread.textContent();
    expect(text).toContain('long reply 1.');
    expect(text).toContain('long reply 60.');
    await b.getByRole('button', { name: 'Close thread' }).click();
  });

  it('marks what arrived while the tab was hidden read when the tab is back', async () => {
    const setVisibility = (state: 'hidden' | 'visible') =>
      b.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    const general = await p.db.channel.findFirstOrThrow({
      where: { name: 'general', workspace: { slug: `e2e-${stamp}` } },
    });
    const bob = await p.db.user.findUniqueOrThrow({
      where: { email: `bob-${stamp}@example.test` },
    });
    const bobRead = async () =>
      (
        await p.db.channelMember.findUniqueOrThrow({
          where: { channelId_userId: { channelId: general.id, userId: bob.id } },
        })
      ).lastReadSeq;
    await setVisibility('hidden');
    await send(a, 'Read me when you are back');
    const last = messages(b).last();
    await expect.poll(() => last.textContent(), { timeout: 15_000 }).toContain('Read me when');
    const seq = Number(await last.getAttribute('data-seq'));
    await new Promise((r) => setTimeout(r, 500));
    expect(await bobRead()).toBeLessThan(seq); // on screen, but nobody was looking
    await setVisibility('visible');
    await expect.poll(bobRead, { timeout: 15_000 }).toBe(seq);
  });

  it('recovers messages missed while the realtime server restarts', async () => {
    await p.stopRealtime();
    await expect.poll(() => b.getByTestId('offline-banner').count(), { timeout: 15_000 }).toBe(1);
    await shot(b, '05-offline');
    await send(a, 'Sent while the server was down'); // goes through the HTTP fallback
    await expect
      .poll(() => a.getByText('Sent while the server was down').count(), { timeout: 15_000 })
      .toBe(1);
    await p.startRealtime();
    await expect.poll(() => b.getByTestId('offline-banner').count(), { timeout: 30_000 }).toBe(0);
    await expect
      .poll(() => messages(b).last().textContent(), { timeout: 15_000 })
      .toContain('Sent while the server was down');
    const seqs = await messages(b).evaluateAll((els) =>
      els.map((e) => Number(e.getAttribute('data-seq'))),
    );
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('finds messages with search', async () => {
    await a.getByRole('button', { name: 'Search', exact: true }).click();
    await a.locator('#search-query').fill('threaded from:@bobbuilder');
    await a.locator('#search-query').press('Enter');
    await expect
      .poll(() => a.locator('mark').first().textContent(), { timeout: 15_000 })
      .toBe('threaded');
    await shot(a, '07-search');
    await a.keyboard.press('Escape');
  });

  it('shares a file that only conversation members can download', async () => {
    await b.getByLabel('Attach a file').setInputFiles({
      name: 'plan.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('the secret plan'),
    });
    const link = a.locator('[data-testid="attachment"] a', { hasText: 'plan.txt' });
    await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
    const href = await link.getAttribute('href');
    const res = await a.request.get(href!);
    expect(res.status()).toBe(200);
    expect(await res.text()).toBe('the secret plan');
    expect(res.headers()['content-disposition']).toContain('attachment');
    expect(
      (await a.request.get(href!.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')))).status(),
    ).toBe(403);
    await shot(a, '08-attachment');
  });

  it('renders a <script> and a javascript: link inert', async () => {
    await send(
      a,
      'xss <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned=2"> [click](javascript:window.__pwned=3)',
    );
    await expect.poll(() => messages(b).last().textContent(), { timeout: 15_000 }).toContain('xss');
    expect(
      await b.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    expect(await b.locator('[data-testid="message"] script').count()).toBe(0);
    expect(await b.locator('a[href^="javascript:"]').count()).toBe(0);
    await b.locator('[data-testid="message"]').last().getByText('click').click();
    expect(
      await b.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    await shot(b, '06-markdown-safety');
  });
});
