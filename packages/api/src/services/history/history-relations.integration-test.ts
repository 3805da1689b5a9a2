import { createChannel, createMember, createWorkspace } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, userActor, type ServiceHarness } from '../../testing/index.ts';
import { messageInclude, toMessageDto } from '../messages/message-dto.ts';

/**
 * History pages load authors, reactions, pins and attachments in one statement of their own; they
 * must come out exactly as the general message loader (`include: messageInclude`) builds them.
 */
let h: ServiceHarness;
let ws: string;
let owner: string;
let other: string;
let outsider: string;
let channelId: string;
let secretId: string;
let rootId: string;

beforeAll(async () => {
  h = await createServiceHarness();
  const db = h.deps.db;
  const w = await createWorkspace(db);
  ws = w.workspace.id;
  owner = w.ownerId;
  other = (await createMember(db, ws)).id;
  outsider = (await createWorkspace(db)).ownerId;
  channelId = (await createChannel(db, { workspaceId: ws, memberIds: [owner, other] })).id;
  secretId = (await createChannel(db, { workspaceId: ws, kind: 'private', memberIds: [owner] })).id;
  const a = userActor(owner, ws);
  const b = userActor(other, ws);
  const send = async (actor: typeof a, body: string) =>
    (await h.services.messages.sendMessage(actor, { channelId, body })).message;

  const plain = await send(a, 'plain');
  const reacted = await send(b, 'reacted');
  await h.services.messages.addReaction(b, { messageId: reacted.id, emoji: '👍' });
  await h.services.messages.addReaction(a, { messageId: reacted.id, emoji: '🎉' });
  await h.services.messages.addReaction(a, { messageId: reacted.id, emoji: '👍' });
  const pinned = await send(a, 'pinned');
  await h.services.messages.pinMessage(a, { messageId: pinned.id });
  const withFiles = await send(a, 'two files');
  for (const [position, name] of ['b.png', 'a.pdf'].entries()) {
    const file = await db.file.create({
      data: {
        workspaceId: ws,
        uploaderId: owner,
        name,
        contentType: name.endsWith('.png') ? 'image/png' : 'application/pdf',
        size: 100 + position,
        storageKey: `k/${name}`,
        status: 'ready',
        width: name.endsWith('.png') ? 640 : null,
        height: name.endsWith('.png') ? 480 : null,
      },
    });
    await db.messageAttachment.create({
      data: { messageId: withFiles.id, fileId: file.id, position },
    });
  }
  const bot = await db.bot.create({
    data: { workspaceId: ws, name: 'ci', displayName: 'CI bot', createdById: owner },
  });
  await db.$transaction(async (tx) => {
    const { lastSeq } = await tx.channel.update({
      where: { id: channelId },
      data: { lastSeq: { increment: 1 } },
    });
    await tx.message.create({
      data: { workspaceId: ws, channelId, seq: lastSeq, authorBotId: bot.id, body: 'from a bot' },
    });
  });
  rootId = plain.id;
  await h.services.messages.sendMessage(b, { channelId, body: 'a reply', threadRootId: rootId });
  await h.services.messages.editMessage(b, { messageId: reacted.id, body: 'reacted, edited' });
  const gone = await send(b, 'deleted later');
  await h.services.messages.addReaction(a, { messageId: gone.id, emoji: '👀' });
  await h.services.messages.deleteMessage(b, { messageId: gone.id });
  // The author of a message leaves Parley entirely: the message stays, from "Deleted user".
  const leaver = (await createMember(db, ws)).id;
  await db.channelMember.create({ data: { channelId, userId: leaver, workspaceId: ws } });
  await send(userActor(leaver, ws), 'from someone who left');
  await db.user.delete({ where: { id: leaver } });
});
afterAll(async () => h.close());

describe('history pages with relations', () => {
  it('match the general message loader, field for field', async () => {
    const page = await h.services.history.getHistory(userActor(other, ws), { channelId });
    const expected = (
      await h.deps.db.message.findMany({
        where: { channelId, threadRootId: null },
        orderBy: { seq: 'asc' },
        include: messageInclude,
      })
    ).map(toMessageDto);
    expect(page.messages).toEqual(expected);
    expect(page.messages.map((m) => m.body)).toEqual([
      'plain',
      'reacted, edited',
      'pinned',
      'two files',
      'from a bot',
      '',
      'from someone who left',
    ]);
    const byBody = new Map(page.messages.map((m) => [m.body, m]));
    expect(byBody.get('reacted, edited')!.reactions).toEqual([
      { emoji: '👍', count: 2, userIds: [other, owner] },
      { emoji: '🎉', count: 1, userIds: [owner] },
    ]);
    expect(byBody.get('pinned')!.pinned).toBe(true);
    expect(byBody.get('plain')!.pinned).toBe(false);
    expect(byBody.get('plain')!.replyCount).toBe(1);
    expect(byBody.get('two files')!.attachments.map((f) => [f.name, f.width])).toEqual([
      ['b.png', 640],
      ['a.pdf', null],
    ]);
    expect(byBody.get('from a bot')!.author).toMatchObject({ kind: 'bot', displayName: 'CI bot' });
    expect(byBody.get('from someone who left')!.author).toEqual({
      kind: 'user',
      id: null,
      displayName: 'Deleted user',
      avatarUrl: null,
    });
    const tomb = page.messages.find((m) => m.deletedAt !== null)!;
    expect(tomb.reactions).toEqual([]);
    expect(new Date(tomb.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('return a thread root and its replies the same way', async () => {
    const thread = await h.services.history.getThread(userActor(owner, ws), { rootId });
    const root = await h.deps.db.message.findUniqueOrThrow({
      where: { id: rootId },
      include: messageInclude,
    });
    expect(thread.root).toEqual(toMessageDto(root));
    expect(thread.replies.map((r) => [r.body, r.threadRootId])).toEqual([['a reply', rootId]]);
    await expect(
      h.services.history.getThread(userActor(owner, ws), { rootId: thread.replies[0]!.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuse readers who may not see the channel, whatever the page asked for', async () => {
    await h.services.messages.sendMessage(userActor(owner, ws), {
      channelId: secretId,
      body: 'secret',
    });
    for (const input of [{}, { before: 2 }, { after: 0 }, { around: 1 }]) {
      await expect(
        h.services.history.getHistory(userActor(other, ws), { channelId: secretId, ...input }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        h.services.history.getHistory(userActor(outsider, ws), { channelId, ...input }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    // A guest reads only channels they were added to; a deactivated member reads nothing.
    const guest = (await createMember(h.deps.db, ws, 'guest')).id;
    await expect(
      h.services.history.getHistory(userActor(guest, ws), { channelId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const leaving = (await createMember(h.deps.db, ws)).id;
    expect(
      (await h.services.history.getHistory(userActor(leaving, ws), { channelId })).messages,
    ).toHaveLength(7);
    await h.deps.db.membership.update({
      where: { workspaceId_userId: { workspaceId: ws, userId: leaving } },
      data: { deactivatedAt: new Date() },
    });
    await expect(
      h.services.history.getHistory(userActor(leaving, ws), { channelId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [secret] = (
      await h.services.history.getHistory(userActor(owner, ws), { channelId: secretId })
    ).messages;
    await expect(
      h.services.history.getThread(userActor(other, ws), { rootId: secret!.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
