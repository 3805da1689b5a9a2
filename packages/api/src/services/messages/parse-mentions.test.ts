import { describe, expect, it } from 'vitest';
import { handleOf, parseMentions } from './parse-mentions.ts';

describe('parseMentions', () => {
  it('finds id mentions, handles, @channel and @here', () => {
    const id = '0190a0b2-1c2d-7e3f-8a9b-0c1d2e3f4a5b';
    const m = parseMentions(`hi <@${id}> and @Ada, @here — also @channel!`);
    expect(m.userIds).toEqual([id]);
    expect(m.handles).toEqual(['ada']);
    expect(m.here).toBe(true);
    expect(m.channel).toBe(true);
  });

  it('treats @everyone as @channel and ignores emails and code', () => {
    const m = parseMentions('mail bob@example.com `@here` ```\n@channel\n``` @everyone');
    expect(m.handles).toEqual([]);
    expect(m.here).toBe(false);
    expect(m.channel).toBe(true);
  });

  it('returns nothing for a plain message', () => {
    expect(parseMentions('just words')).toEqual({
      userIds: [],
      handles: [],
      channel: false,
      here: false,
    });
  });

  it('derives handles from display names', () => {
    expect(handleOf('Ada Lovelace')).toBe('adalovelace');
  });
});
