import { describe, expect, it } from 'vitest';
import type { EmailDigest } from '@parley/api/services/notifications/email-digest';
import { renderDigestEmail } from './render-digest.ts';

const digest = (over: Partial<EmailDigest> = {}): EmailDigest => ({
  claimedAt: new Date(),
  user: { id: 'u1', email: 'bob@example.test', displayName: 'Bob' },
  workspace: { id: 'w1', name: 'Acme' },
  items: [
    {
      notificationId: 'n1',
      kind: 'mention',
      channelId: 'c1',
      channelName: 'launch',
      channelKind: 'public',
      messageId: 'm1',
      authorName: 'Ada <script>',
      excerpt: '@Bob see <b>this</b> & that',
      createdAt: new Date(),
    },
  ],
  ...over,
});

describe('renderDigestEmail', () => {
  it('keeps message text out of the subject and counts notifications', () => {
    const mail = renderDigestEmail(digest(), 'https://chat.example.test/');
    expect(mail.subject).toBe('1 new notification in Acme');
    expect(mail.text).toContain('Ada <script> mentioned you in #launch:');
    expect(mail.text).toContain('https://chat.example.test/w/w1/c/c1');
  });

  it('escapes HTML in names and excerpts', () => {
    const { html } = renderDigestEmail(digest(), 'https://chat.example.test');
    expect(html).toContain('Ada &lt;script&gt;');
    expect(html).toContain('@Bob see &lt;b&gt;this&lt;/b&gt; &amp; that');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>this');
  });

  it('strips control characters from the workspace name in the subject (no header injection)', () => {
    const mail = renderDigestEmail(
      digest({ workspace: { id: 'w1', name: 'Evil\r\nBcc: victim@example.test' } }),
      'https://x.test',
    );
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('1 new notification in Evil Bcc: victim@example.test');
  });

  it('names DMs without a channel name', () => {
    const d = digest();
    d.items[0] = { ...d.items[0]!, kind: 'dm', channelKind: 'dm', channelName: null };
    expect(renderDigestEmail(d, 'https://x.test').text).toContain('wrote in a direct message');
  });
});
