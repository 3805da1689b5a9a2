import type { Actor, DomainEvent, MessageDto } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { ServiceDeps } from '../deps.ts';
import { newMessageDto } from './new-message-dto.ts';

export interface FastSendInput {
  channelId: string;
  body: string;
  clientMsgId?: string;
}

/**
 * The common send — a person posting a plain message (no thread, files or mentions) — as ONE SQL
 * statement: the channel row's UPDATE takes the lock and the next seq, and only succeeds when the
 * sender is an active member of the workspace and the channel, the channel is not archived and the
 * clientMsgId is new; the message, the sender's read marker and the outbox event are written in the
 * same statement, so it commits or fails as a whole (seqs stay gapless). Returns null whenever any
 * condition does not hold (or a concurrent retry won the race): the caller then takes the general
 * path, which explains the refusal or returns the original message.
 */
export async function trySendFast(
  deps: ServiceDeps,
  actor: Actor,
  input: FastSendInput,
): Promise<MessageDto | null> {
  if (actor.kind !== 'user') return null;
  const now = deps.clock();
  const id = uuidv7();
  const message = newMessageDto({
    id,
    workspaceId: actor.workspaceId,
    channelId: input.channelId,
    seq: 1, // replaced in SQL
    author: { kind: 'user', id: actor.id, displayName: '', avatarUrl: null }, // replaced in SQL
    body: input.body,
    clientMsgId: input.clientMsgId ?? null,
    threadRootId: null,
    createdAt: now.toISOString(),
  });
  const event: DomainEvent = {
    eventId: randomUUID(),
    type: 'message.created',
    version: 1,
    workspaceId: actor.workspaceId,
    channelId: input.channelId,
    occurredAt: now.toISOString(),
    payload: { message, mentions: { userIds: [], channel: false, here: false } },
  };
  try {
    const rows = await deps.db.$queryRaw<
      { seq: number; displayName: string; avatarUrl: string | null }[]
    >`
      WITH sender AS (
        SELECT u."displayName", u."avatarUrl" FROM users u
        JOIN memberships m ON m."userId" = u.id AND m."workspaceId" = ${actor.workspaceId}::uuid
        WHERE u.id = ${actor.id}::uuid AND u."deactivatedAt" IS NULL AND m."deactivatedAt" IS NULL
      ), ch AS (
        UPDATE channels c SET "lastSeq" = c."lastSeq" + 1, "lastMessageAt" = ${now}, "updatedAt" = ${now}
        WHERE c.id = ${input.channelId}::uuid AND c."workspaceId" = ${actor.workspaceId}::uuid AND c."archivedAt" IS NULL
          AND EXISTS (SELECT 1 FROM sender)
          AND EXISTS (SELECT 1 FROM channel_members cm WHERE cm."channelId" = c.id AND cm."userId" = ${actor.id}::uuid)
          AND NOT EXISTS (SELECT 1 FROM messages x WHERE x."channelId" = c.id AND x."authorUserId" = ${actor.id}::uuid
                          AND x."clientMsgId" = ${input.clientMsgId ?? null})
        RETURNING c."lastSeq" AS seq
      ), msg AS (
        INSERT INTO messages (id, "workspaceId", "channelId", seq, "authorUserId", body, "clientMsgId", "createdAt")
        SELECT ${id}::uuid, ${actor.workspaceId}::uuid, ${input.channelId}::uuid, ch.seq, ${actor.id}::uuid, ${input.body},
               ${input.clientMsgId ?? null}, ${now}
        FROM ch RETURNING seq
      ), read_marker AS (
        UPDATE channel_members SET "lastReadSeq" = msg.seq FROM msg
        WHERE "channelId" = ${input.channelId}::uuid AND "userId" = ${actor.id}::uuid AND "lastReadSeq" < msg.seq
      ), outbox AS (
        INSERT INTO outbox_events ("eventId", "workspaceId", "channelId", type, payload, "createdAt")
        SELECT ${event.eventId}::uuid, ${actor.workspaceId}::uuid, ${input.channelId}::uuid, 'message.created',
               jsonb_set(jsonb_set(jsonb_set(${JSON.stringify(event)}::jsonb,
                 '{payload,message,seq}', to_jsonb(msg.seq)),
                 '{payload,message,author,displayName}', to_jsonb(sender."displayName")),
                 '{payload,message,author,avatarUrl}', COALESCE(to_jsonb(sender."avatarUrl"), 'null'::jsonb)),
               ${now}
        FROM msg, sender
      )
      SELECT msg.seq, sender."displayName", sender."avatarUrl" FROM msg, sender`;
    const row = rows[0];
    if (!row) return null;
    deps.events.committed();
    return {
      ...message,
      seq: row.seq,
      author: { ...message.author, displayName: row.displayName, avatarUrl: row.avatarUrl },
    };
  } catch (error) {
    // A concurrent retry of the same clientMsgId: the general path returns the original.
    if (
      String((error as { message?: string }).message).includes('23505') ||
      (error as { code?: string }).code === 'P2010'
    )
      return null;
    throw error;
  }
}
