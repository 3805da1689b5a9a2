import { describe, expect, it } from 'vitest';
import {
  emptyChannel,
  messagesReducer,
  visibleMessages,
  type ChannelMessages,
  type MessageAction,
} from './message-store';
import { messageFixture } from './testing/message-fixture';

const msg = messageFixture;
const run = (actions: MessageAction[], from: ChannelMessages = emptyChannel) =>
  actions.reduce(messagesReducer, from);
const bodies = (s: ChannelMessages) =>
  visibleMessages(s).map((m) => `${m.body}${m.pending ? `(${m.pending})` : ''}`);

describe('messagesReducer', () => {
  it('merges pages and live events in seq order without duplicates', () => {
    const s = run([
      { type: 'upsert', message: msg(3) },
      { type: 'page', messages: [msg(1), msg(2), msg(3)], hasMoreBefore: false },
      { type: 'upsert', message: msg(4) },
      { type: 'upsert', message: msg(4) },
    ]);
    expect(bodies(s)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(s.highestSeq).toBe(4);
  });

  it('moves an optimistic send from pending to sent, deduping the live echo by clientMsgId', () => {
    const pending = {
      ...msg(0, { id: 'tmp', body: 'hello', clientMsgId: 'c1' }),
      pending: 'sending' as const,
    };
    let s = run([
      { type: 'page', messages: [msg(1)] },
      { type: 'send', pending },
    ]);
    expect(bodies(s)).toEqual(['m1', 'hello(sending)']);
    s = run([{ type: 'upsert', message: msg(2, { body: 'hello', clientMsgId: 'c1' }) }], s); // live echo first
    s = run(
      [{ type: 'sent', clientMsgId: 'c1', message: msg(2, { body: 'hello', clientMsgId: 'c1' }) }],
      s,
    ); // then the ack
    expect(bodies(s)).toEqual(['m1', 'hello']);
  });

  it('marks a failed send and lets it be retried', () => {
    const pending = {
      ...msg(0, { id: 'tmp', body: 'oops', clientMsgId: 'c2' }),
      pending: 'sending' as const,
    };
    let s = run([
      { type: 'send', pending },
      { type: 'failed', clientMsgId: 'c2' },
    ]);
    expect(bodies(s)).toEqual(['oops(failed)']);
    s = run([{ type: 'retry', clientMsgId: 'c2' }], s);
    expect(bodies(s)).toEqual(['oops(sending)']);
  });

  it('applies deletions, reactions and edits, and ignores a stale copy after an edit', () => {
    let s = run([{ type: 'page', messages: [msg(1), msg(2)] }]);
    s = run(
      [
        {
          type: 'upsert',
          message: msg(1, { body: 'edited', editedAt: '2026-01-02T00:00:00.000Z' }),
        },
        { type: 'upsert', message: msg(1) },
        { type: 'reaction', messageId: 'id-1', userId: 'u2', emoji: '🎉', added: true },
        { type: 'reaction', messageId: 'id-1', userId: 'u3', emoji: '🎉', added: true },
        { type: 'reaction', messageId: 'id-1', userId: 'u2', emoji: '🎉', added: false },
        { type: 'deleted', messageId: 'id-2', deletedAt: '2026-01-03T00:00:00.000Z' },
      ],
      s,
    );
    expect(s.byId['id-1']).toMatchObject({
      body: 'edited',
      reactions: [{ emoji: '🎉', count: 1, userIds: ['u3'] }],
    });
    expect(s.byId['id-2']).toMatchObject({ body: '', deletedAt: '2026-01-03T00:00:00.000Z' });
  });

  it('keeps a live thread summary when a page fetched before the reply arrives late', () => {
    const s = run([
      { type: 'page', messages: [msg(1)] },
      { type: 'thread', rootId: 'id-1', replyCount: 1, lastReplyAt: '2026-01-02T00:00:00.000Z' },
      { type: 'page', messages: [msg(1, { body: 'm1 again' })] },
    ]);
    expect(s.byId['id-1']).toMatchObject({
      body: 'm1 again',
      replyCount: 1,
      lastReplyAt: '2026-01-02T00:00:00.000Z',
    });
  });

  it("raises highestSeq only without a gap: one's own ack beyond a gap waits for the messages before it", () => {
    let s = run([{ type: 'page', messages: [msg(1), msg(2)], newest: true }]);
    s = run([{ type: 'sent', clientMsgId: 'c5', message: msg(5, { clientMsgId: 'c5' }) }], s);
    expect(s.highestSeq).toBe(2); // 3 and 4 are still on their way: sync and polls ask after 2
    s = run([{ type: 'upsert', message: msg(3) }], s);
    expect(s.highestSeq).toBe(3);
    s = run([{ type: 'upsert', message: msg(4) }], s);
    expect(s.highestSeq).toBe(5); // 4 closes the gap, and the 5 held already counts
    // A thread's replies say nothing about the seqs between them.
    s = run([{ type: 'replies', messages: [msg(9, { threadRootId: 'id-1' })] }], s);
    expect(s.highestSeq).toBe(5);
    // A page (a sync reply, a poll after highestSeq) leaves no gap below its highest seq.
    s = run([{ type: 'page', messages: [msg(6), msg(8)] }], s);
    expect(s.highestSeq).toBe(9);
  });

  it('drops what is stored below the newest page, so no hole is left that "load older" skips', () => {
    // A live stray from before the channel was opened, then the newest page far above it.
    const s = run([
      { type: 'upsert', message: msg(40) },
      { type: 'upsert', message: msg(201) }, // committed while the page was on its way
      { type: 'page', messages: [msg(151), msg(200)], hasMoreBefore: true, newest: true },
    ]);
    expect(bodies(s)).toEqual(['m151', 'm200', 'm201']);
    expect(s.highestSeq).toBe(201);
    expect(s.hasMoreBefore).toBe(true);
  });

  it('applies an edit only to a message it holds (an old one out of view is not pulled in)', () => {
    let s = run([{ type: 'page', messages: [msg(10), msg(11)], newest: true }]);
    s = run(
      [
        {
          type: 'updated',
          message: msg(3, { body: 'old, edited', editedAt: '2026-01-02T00:00:00.000Z' }),
        },
        {
          type: 'updated',
          message: msg(11, { body: 'edited', editedAt: '2026-01-02T00:00:00.000Z' }),
        },
      ],
      s,
    );
    expect(bodies(s)).toEqual(['m10', 'edited']);
  });
});
