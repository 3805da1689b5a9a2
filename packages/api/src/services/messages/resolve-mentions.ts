import type { Tx } from '../deps.ts';
import type { ParsedMentions } from './parse-mentions.ts';

/** Keeps only mentioned users who are active members of the workspace; resolves @handles to ids. */
export async function resolveMentionedUsers(
  tx: Tx,
  workspaceId: string,
  parsed: ParsedMentions,
): Promise<string[]> {
  if (parsed.userIds.length === 0 && parsed.handles.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT u.id::text AS id
    FROM memberships m JOIN users u ON u.id = m."userId"
    WHERE m."workspaceId" = ${workspaceId}::uuid
      AND m."deactivatedAt" IS NULL AND u."deactivatedAt" IS NULL
      AND (
        u.id::text = ANY(${parsed.userIds}::text[])
        OR lower(regexp_replace(u."displayName", '\\s+', '', 'g')) = ANY(${parsed.handles}::text[])
        OR split_part(u.email, '@', 1) = ANY(${parsed.handles}::text[])
      )`;
  return rows.map((r) => r.id);
}
