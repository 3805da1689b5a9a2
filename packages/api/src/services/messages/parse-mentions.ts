/**
 * Finds mentions in a markdown body. Users are mentioned as `<@userId>` (what the composer's
 * autocomplete inserts) or `@handle` (what people and bots type: matched later against members'
 * handles); `@channel`/`@everyone` and `@here` notify the channel. Mentions inside code are ignored.
 */
export interface ParsedMentions {
  userIds: string[];
  handles: string[];
  channel: boolean;
  here: boolean;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function stripCode(body: string): string {
  return body.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ');
}

export function parseMentions(body: string): ParsedMentions {
  const text = stripCode(body);
  const userIds = new Set<string>();
  for (const m of text.matchAll(new RegExp(`<@(${UUID})>`, 'gi'))) userIds.add(m[1]!.toLowerCase());
  const handles = new Set<string>();
  let channel = false;
  let here = false;
  // A handle starts after whitespace/punctuation (not inside an email address) and ends before
  // trailing punctuation.
  for (const m of text.matchAll(
    /(^|[^\w@<.])@([\p{L}\p{N}][\p{L}\p{N}._-]*[\p{L}\p{N}]|[\p{L}\p{N}])/gu,
  )) {
    const handle = m[2]!.toLowerCase();
    if (handle === 'channel' || handle === 'everyone') channel = true;
    else if (handle === 'here') here = true;
    else handles.add(handle);
  }
  return { userIds: [...userIds], handles: [...handles], channel, here };
}

/** A member's handle: display name without spaces, lower-cased ("Ada Lovelace" → "adalovelace"). */
export function handleOf(displayName: string): string {
  return displayName.replace(/\s+/g, '').toLowerCase();
}
