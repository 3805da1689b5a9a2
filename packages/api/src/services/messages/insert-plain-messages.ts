import type { Actor, DomainEvent, MessageDto } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { pgPoolOf } from '@parley/db';
import type { ServiceDeps } from '../deps.ts';
import { newMessageDto } from './new-message-dto.ts';

/** A plain send: a person posting a message with no thread, files or mentions. */
export interface PlainSend {
  actor: Actor & { kind: 'user' };
  channelId: string;
  body: string;
  clientMsgId?: string;
}

/**
 * Writes many plain sends as ONE SQL statement (group commit), in the order given:
 * - a send is written only when its author is an active user and member of the workspace and of
 *   the channel, the channel is not archived and its clientMsgId is new;
 * - the channel rows are locked in id order (so concurrent batches, from any process, cannot
 *   deadlock), each channel's lastSeq moves by the number of its sends, and the sends take the seqs
 *   in between in the order given — gapless and strictly ordered per channel;
 * - the messages, the senders' read markers and the `message.created` outbox events (outbox ids in
 *   seq order per channel) are written in the same statement, so everything commits or nothing does.
 *
 * Returns one entry per send: the committed message, or null when that send was not written (the
 * caller takes the general path for it, which explains the refusal or returns the original message
 * of a retried clientMsgId). Throws when the statement fails as a whole (e.g. a concurrent retry of
 * a clientMsgId hit the unique index); then nothing was written.
 */
export async function insertPlainMessages(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  sends: PlainSend[],
): Promise<(MessageDto | null)[]> {
  const createdAt = deps.clock().toISOString();
  const messages = sends.map((s) =>
    newMessageDto({
      id: uuidv7(),
      workspaceId: s.actor.workspaceId,
      channelId: s.channelId,
      seq: 0, // taken in SQL
      author: { kind: 'user', id: s.actor.id, displayName: '', avatarUrl: null }, // read in SQL
      body: s.body,
      clientMsgId: s.clientMsgId ?? null,
      threadRootId: null,
      createdAt,
    }),
  );
  const events = messages.map((message): DomainEvent => ({
    eventId: randomUUID(),
    type: 'message.created',
    version: 1,
    workspaceId: message.workspaceId,
    channelId: message.channelId,
    occurredAt: createdAt,
    payload: { message, mentions: { userIds: [], channel: false, here: false } },
  }));
  const col = <T>(pick: (s: PlainSend, i: number) => T) => sends.map(pick);
  const { rows } = await pgPoolOf(deps.db).query<{
    ord: string;
    seq: number;
    displayName: string;
    avatarUrl: string | null;
  }>({
    name: 'parley_insert_plain_messages',
    text: INSERT_PLAIN_MESSAGES,
    values: [
      col((_, i) => messages[i]!.id),
      col((s) => s.actor.workspaceId),
      col((s) => s.channelId),
      col((s) => s.actor.id),
      col((s) => s.body),
      col((s) => s.clientMsgId ?? null),
      col((_, i) => events[i]!.eventId),
      // One JSON array, not a jsonb[]: pg would escape every quote of every event into an array
      // literal (~5 µs per event in the chat bench's profile), PostgreSQL parse it back.
      JSON.stringify(events),
      createdAt,
    ],
  });
  const written = new Map(rows.map((r) => [Number(r.ord) - 1, r]));
  return messages.map((message, i) => {
    const row = written.get(i);
    if (!row) return null;
    return {
      ...message,
      seq: row.seq,
      author: { ...message.author, displayName: row.displayName, avatarUrl: row.avatarUrl },
    };
  });
}

/**
 * $1..$7: one array per column, in send order; $8: the events, one JSON array in the same order;
 * $9: the commit time (ISO, stored as UTC like every Prisma DateTime). Runs as a named prepared
 * statement, so each connection plans it once.
 */
const INSERT_PLAIN_MESSAGES = `
WITH input AS (
  SELECT t.*, e.event FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::uuid[])
    WITH ORDINALITY AS t(id, ws, ch, uid, body, cmid, eid, ord)
  JOIN jsonb_array_elements($8::jsonb) WITH ORDINALITY AS e(event, n) ON e.n = t.ord
), clock AS (
  SELECT ($9::timestamptz AT TIME ZONE 'UTC') AS at
), allowed AS (
  -- Each check is a lookup by key (OFFSET 0 keeps the subquery apart, so the generic plan cannot
  -- trade these lookups for scans of whole tables).
  SELECT i.*, u."displayName", u."avatarUrl" FROM input i
  CROSS JOIN LATERAL (
    SELECT u."displayName", u."avatarUrl" FROM users u
    WHERE u.id = i.uid AND u."deactivatedAt" IS NULL
      AND EXISTS (SELECT 1 FROM memberships m
                  WHERE m."workspaceId" = i.ws AND m."userId" = i.uid AND m."deactivatedAt" IS NULL)
      AND EXISTS (SELECT 1 FROM channel_members cm
                  WHERE cm."channelId" = i.ch AND cm."userId" = i.uid AND cm."workspaceId" = i.ws)
    OFFSET 0
  ) u
  WHERE i.cmid IS NULL OR NOT EXISTS (
    SELECT 1 FROM messages x WHERE x."channelId" = i.ch AND x."authorUserId" = i.uid AND x."clientMsgId" = i.cmid)
), locked AS MATERIALIZED (
  SELECT c.id FROM channels c
  WHERE c.id = ANY (ARRAY(SELECT DISTINCT ch FROM allowed)) AND c."archivedAt" IS NULL
  ORDER BY c.id FOR UPDATE
), counts AS (
  SELECT ch, count(*)::int AS n FROM allowed WHERE ch IN (SELECT id FROM locked) GROUP BY ch
), bumped AS (
  UPDATE channels c SET "lastSeq" = c."lastSeq" + counts.n, "lastMessageAt" = clock.at, "updatedAt" = clock.at
  FROM counts, clock WHERE c.id = ANY (ARRAY(SELECT ch FROM counts)) AND c.id = counts.ch
  RETURNING c.id, c."lastSeq" - counts.n AS base
), numbered AS (
  SELECT a.*, (b.base + row_number() OVER (PARTITION BY a.ch ORDER BY a.ord))::int AS seq
  FROM allowed a JOIN bumped b ON b.id = a.ch
), inserted AS (
  INSERT INTO messages (id, "workspaceId", "channelId", seq, "authorUserId", body, "clientMsgId", "createdAt")
  SELECT id, ws, ch, seq, uid, body, cmid, clock.at FROM numbered, clock
), read_markers AS (
  UPDATE channel_members cm SET "lastReadSeq" = r.seq
  FROM (SELECT ch, uid, max(seq) AS seq FROM numbered GROUP BY ch, uid) r
  WHERE cm."channelId" = r.ch AND cm."userId" = r.uid AND cm."lastReadSeq" < r.seq
), outbox AS (
  INSERT INTO outbox_events ("eventId", "workspaceId", "channelId", type, payload, "createdAt")
  SELECT eid, ws, ch, 'message.created',
         jsonb_set(jsonb_set(jsonb_set(event,
           '{payload,message,seq}', to_jsonb(seq)),
           '{payload,message,author,displayName}', to_jsonb("displayName")),
           '{payload,message,author,avatarUrl}', COALESCE(to_jsonb("avatarUrl"), 'null'::jsonb)),
         clock.at
  FROM numbered, clock ORDER BY ch, seq
)
SELECT ord, seq, "displayName", "avatarUrl" FROM numbered`;
