import type { MessageDto } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { groupMessages } from './group-messages';
import { messageFixture } from './testing/message-fixture';

let seq = 0;
function msg(author: string, at: string, extra: Partial<MessageDto> = {}): MessageDto {
  seq++;
  return messageFixture(seq, {
    author: { kind: 'user', id: author, displayName: author, avatarUrl: null },
    createdAt: at,
    ...extra,
  });
}

describe('groupMessages', () => {
  it('groups consecutive messages by one author within five minutes and separates days', () => {
    seq = 0;
    const rows = groupMessages(
      [
        msg('ada', '2026-11-20T10:00:00Z'),
        msg('ada', '2026-11-20T10:03:00Z'),
        msg('ada', '2026-11-20T10:09:00Z'),
        msg('alan', '2026-11-20T10:09:30Z'),
        msg('alan', '2026-11-21T10:00:00Z'),
      ],
      { now: new Date('2026-11-21T12:00:00Z') },
    );
    expect(
      rows.map((r) =>
        r.kind === 'message'
          ? `${r.message.body}${r.showHeader ? '+' : ''}`
          : r.kind === 'date'
            ? `[${r.label}]`
            : '---',
      ),
    ).toEqual([expect.stringMatching(/^\[/), 'm1+', 'm2', 'm3+', 'm4+', '[Today]', 'm5+']);
  });

  it('puts the new-messages line before the first unread message from someone else', () => {
    seq = 0;
    const rows = groupMessages(
      [
        msg('ada', '2026-11-21T10:00:00Z'),
        msg('me', '2026-11-21T10:01:00Z'),
        msg('ada', '2026-11-21T10:02:00Z'),
        msg('ada', '2026-11-21T10:02:30Z'),
      ],
      { lastReadSeq: 1, meId: 'me', now: new Date('2026-11-21T12:00:00Z') },
    );
    const kinds = rows.map((r) => (r.kind === 'message' ? r.message.body : r.kind));
    expect(kinds).toEqual(['date', 'm1', 'm2', 'new', 'm3', 'm4']);
    const m3 = rows.find((r) => r.kind === 'message' && r.message.body === 'm3');
    expect(m3 && m3.kind === 'message' && m3.showHeader).toBe(true);
  });
});
