import type { DomainEvent } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { createOwnSends } from './own-sends.ts';

/** The parts of a message.created event own-sends reads. */
const created = (messageId: string) =>
  ({ type: 'message.created', payload: { message: { id: messageId } } }) as DomainEvent;

describe('own sends', () => {
  it('names the sending socket for its message.created once', () => {
    const own = createOwnSends();
    own.add('m1', 'socket-a');
    expect(own.take(created('m2'))).toBeUndefined();
    expect(own.take(created('m1'))).toBe('socket-a');
    expect(own.take(created('m1'))).toBeUndefined(); // a relayed duplicate reaches it
  });

  it('passes nobody by for other events about the message', () => {
    const own = createOwnSends();
    own.add('m1', 'socket-a');
    const deleted = {
      type: 'message.deleted',
      payload: { messageId: 'm1', channelId: 'c' },
    } as unknown as DomainEvent;
    expect(own.take(deleted)).toBeUndefined();
    expect(own.take(created('m1'))).toBe('socket-a');
  });

  it('forgets the oldest sends beyond its bound', () => {
    const own = createOwnSends(2);
    own.add('m1', 's1');
    own.add('m2', 's2');
    own.add('m3', 's3');
    expect(own.take(created('m1'))).toBeUndefined();
    expect(own.take(created('m2'))).toBe('s2');
    expect(own.take(created('m3'))).toBe('s3');
  });
});
