import type { MessageDto } from '@parley/contracts';

export type DisplayMessage = MessageDto & { pending?: 'sending' | 'failed' };

export type Row =
  | { kind: 'date'; key: string; label: string }
  | { kind: 'new'; key: string }
  | { kind: 'message'; key: string; message: DisplayMessage; showHeader: boolean };

const GROUP_WINDOW_MS = 5 * 60_000;

function dayLabel(date: Date, now: Date): string {
  const d = new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  if (d === today) return 'Today';
  if (d === today - 86_400_000) return 'Yesterday';
  return date.toLocaleDateString(undefined, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  });
}

/**
 * Lays messages out as the list shows them: a separator at each new day, a "new messages" line
 * before the first unread message from someone else, and consecutive messages by one author within
 * five minutes grouped under a single header.
 */
export function groupMessages(
  messages: DisplayMessage[],
  options: { lastReadSeq?: number; meId?: string; now?: Date } = {},
): Row[] {
  const now = options.now ?? new Date();
  const rows: Row[] = [];
  let prev: DisplayMessage | undefined;
  let newLineShown = false;
  for (const message of messages) {
    const at = new Date(message.createdAt);
    const prevAt = prev ? new Date(prev.createdAt) : undefined;
    const newDay = !prevAt || prevAt.toDateString() !== at.toDateString();
    if (newDay)
      rows.push({ kind: 'date', key: `date:${at.toDateString()}`, label: dayLabel(at, now) });
    const unread =
      options.lastReadSeq !== undefined &&
      !message.pending &&
      message.seq > options.lastReadSeq &&
      message.author.id !== options.meId;
    let lineAdded = false;
    if (unread && !newLineShown) {
      rows.push({ kind: 'new', key: 'new-messages' });
      newLineShown = true;
      lineAdded = true;
    }
    const sameAuthor =
      prev && prev.author.id === message.author.id && prev.author.kind === message.author.kind;
    const close = prevAt && at.getTime() - prevAt.getTime() < GROUP_WINDOW_MS;
    const showHeader = newDay || lineAdded || !sameAuthor || !close || prev?.deletedAt !== null;
    rows.push({
      kind: 'message',
      key: message.clientMsgId ?? message.id,
      message,
      showHeader: Boolean(showHeader),
    });
    prev = message;
  }
  return rows;
}
