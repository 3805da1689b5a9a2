import { describe, expect, it } from 'vitest';
import { createReadMarker } from './read-marker';

describe('read marker', () => {
  it('sends each seq once, and nothing at or below what the server has read', async () => {
    const sent: [string, number][] = [];
    const marker = createReadMarker((channelId, seq) => {
      sent.push([channelId, seq]);
      return Promise.resolve();
    });
    expect(await marker.mark('c1', 5, 0)).toBe(true);
    expect(marker.mark('c1', 5, 0)).toBeNull();
    expect(marker.mark('c1', 4, 0)).toBeNull();
    expect(marker.mark('c2', 3, 3)).toBeNull();
    expect(await marker.mark('c1', 6, 0)).toBe(true);
    expect(sent).toEqual([
      ['c1', 5],
      ['c1', 6],
    ]);
  });

  it('sends a seq again after its mark failed', async () => {
    let fail = true;
    const sent: number[] = [];
    const marker = createReadMarker((_channelId, seq) => {
      sent.push(seq);
      return fail ? Promise.reject(new Error('offline')) : Promise.resolve();
    });
    expect(await marker.mark('c1', 5, 0)).toBe(false);
    fail = false;
    expect(await marker.mark('c1', 5, 0)).toBe(true);
    expect(marker.mark('c1', 5, 0)).toBeNull();
    expect(sent).toEqual([5, 5]);
  });

  it('keeps a newer mark when an older one fails after it was sent', async () => {
    let rejectFirst: (error: Error) => void = () => undefined;
    const marker = createReadMarker((_channelId, seq) =>
      seq === 5 ? new Promise((_resolve, reject) => (rejectFirst = reject)) : Promise.resolve(),
    );
    const first = marker.mark('c1', 5, 0);
    expect(await marker.mark('c1', 7, 0)).toBe(true);
    rejectFirst(new Error('lost'));
    expect(await first).toBe(false);
    expect(marker.mark('c1', 7, 0)).toBeNull(); // 7 stays marked
  });
});
