/**
 * The search box's syntax: words, "exact phrases", -exclusions, in:#channel, from:@person,
 * before:YYYY-MM-DD, after:YYYY-MM-DD and has:file. Unknown `key:value` tokens are kept as words.
 */
export interface ParsedSearchQuery {
  words: string[];
  phrases: string[];
  excluded: string[];
  inChannels: string[];
  fromUsers: string[];
  before?: Date;
  after?: Date;
  hasFile: boolean;
}

const TOKEN = /(-?)"([^"]*)"|(\S+)/g;

function parseDate(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function parseSearchQuery(input: string): ParsedSearchQuery {
  const q: ParsedSearchQuery = {
    words: [],
    phrases: [],
    excluded: [],
    inChannels: [],
    fromUsers: [],
    hasFile: false,
  };
  for (const m of input.matchAll(TOKEN)) {
    if (m[2] !== undefined) {
      const phrase = m[2].trim();
      if (phrase) (m[1] ? q.excluded : q.phrases).push(phrase);
      continue;
    }
    const token = m[3]!;
    const [key, ...rest] = token.split(':');
    const value = rest.join(':');
    const lower = key!.toLowerCase();
    if (value && lower === 'in') q.inChannels.push(value.replace(/^#/, '').toLowerCase());
    else if (value && lower === 'from') q.fromUsers.push(value.replace(/^@/, '').toLowerCase());
    else if (value && lower === 'before' && parseDate(value)) q.before = parseDate(value);
    else if (value && lower === 'after' && parseDate(value)) q.after = parseDate(value);
    else if (lower === 'has' && value.toLowerCase() === 'file') q.hasFile = true;
    else if (token.startsWith('-') && token.length > 1) q.excluded.push(token.slice(1));
    else q.words.push(token);
  }
  return q;
}

/** Whether the query has anything to match text against (filters alone list recent messages). */
export function hasText(q: ParsedSearchQuery): boolean {
  return q.words.length > 0 || q.phrases.length > 0;
}
