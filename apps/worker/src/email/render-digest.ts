import type { EmailDigest, EmailDigestItem } from '@parley/api/services/notifications/email-digest';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** No control characters (header injection) and a bounded length in names shown in headers. */
function headerSafe(value: string, max = 80): string {
  const clean = value.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function where(item: EmailDigestItem): string {
  if (item.channelKind === 'dm' || item.channelKind === 'group_dm') return 'a direct message';
  return `#${item.channelName ?? 'channel'}`;
}

function why(item: EmailDigestItem): string {
  if (item.kind === 'mention') return 'mentioned you in';
  if (item.kind === 'thread_reply') return 'replied to a thread in';
  return 'wrote in';
}

/**
 * One digest email. The subject says only how many notifications and where (no message text, as
 * subjects show on lock screens and in previews); the body lists short excerpts with links.
 */
export function renderDigestEmail(digest: EmailDigest, publicUrl: string): RenderedEmail {
  const n = digest.items.length;
  const workspace = headerSafe(digest.workspace.name);
  const subject = `${n} new notification${n === 1 ? '' : 's'} in ${workspace}`;
  const base = publicUrl.replace(/\/+$/, '');
  const link = (item: EmailDigestItem) => `${base}/w/${digest.workspace.id}/c/${item.channelId}`;
  const lines = digest.items.map(
    (item) =>
      `${item.authorName} ${why(item)} ${where(item)}:\n  “${item.excerpt}”\n  ${link(item)}`,
  );
  const text = [
    `Hi ${digest.user.displayName},`,
    '',
    `You have ${n} unread notification${n === 1 ? '' : 's'} in ${workspace}:`,
    '',
    ...lines.flatMap((l) => [l, '']),
    `Open Parley: ${base}/w/${digest.workspace.id}`,
    'You get this email because you were away. Turn these emails off in Profile & preferences.',
  ].join('\n');
  const items = digest.items
    .map(
      (item) =>
        `<li style="margin-bottom:12px"><strong>${escapeHtml(item.authorName)}</strong> ${why(item)} ` +
        `<a href="${escapeHtml(link(item))}">${escapeHtml(where(item))}</a>` +
        `<br><span style="color:#555">${escapeHtml(item.excerpt)}</span></li>`,
    )
    .join('');
  const html =
    `<p>Hi ${escapeHtml(digest.user.displayName)},</p>` +
    `<p>You have ${n} unread notification${n === 1 ? '' : 's'} in ${escapeHtml(workspace)}:</p>` +
    `<ul>${items}</ul>` +
    `<p><a href="${escapeHtml(`${base}/w/${digest.workspace.id}`)}">Open Parley</a></p>` +
    `<p style="color:#777;font-size:12px">You get this email because you were away. ` +
    `Turn these emails off in Profile &amp; preferences.</p>`;
  return { subject, text, html };
}
