import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from './parse-search-query.ts';

describe('parseSearchQuery', () => {
  it('splits words, phrases, exclusions and filters', () => {
    expect(
      parseSearchQuery(
        'deploy "release notes" -staging -"old build" in:#eng from:@Ada has:file after:2026-01-02 before:2026-02-01',
      ),
    ).toEqual({
      words: ['deploy'],
      phrases: ['release notes'],
      excluded: ['staging', 'old build'],
      inChannels: ['eng'],
      fromUsers: ['ada'],
      after: new Date('2026-01-02T00:00:00.000Z'),
      before: new Date('2026-02-01T00:00:00.000Z'),
      hasFile: true,
    });
  });

  it('keeps malformed filters and unicode text as words', () => {
    const q = parseSearchQuery('before:yesterday 東京 in: ratio:2');
    expect(q.words).toEqual(['before:yesterday', '東京', 'in:', 'ratio:2']);
    expect(q.before).toBeUndefined();
  });
});
