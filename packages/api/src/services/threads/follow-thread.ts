import { threadFollowInput, type Actor, type ThreadFollowState } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest } from '../errors.ts';
import { loadReadableMessage } from '../messages/load-message.ts';
import { parseInput } from '../validation.ts';

/** Loads the root of a thread the actor may read (any readable message that is not a reply). */
async function loadThreadRoot(deps: ServiceDeps, actor: Actor, rootId: string) {
  const { message } = await loadReadableMessage(deps.db, actor, rootId);
  if (message.threadRootId) throw badRequest('follow the thread through its first message');
  if (actor.kind !== 'user') throw badRequest('only people can follow threads');
  return message;
}

async function setFollowing(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
  following: boolean,
): Promise<ThreadFollowState> {
  const input = parseInput(threadFollowInput, rawInput);
  const root = await loadThreadRoot(deps, actor, input.rootId);
  await deps.db.threadFollower.upsert({
    where: { threadRootId_userId: { threadRootId: root.id, userId: actor.id } },
    create: { threadRootId: root.id, userId: actor.id, following },
    update: { following },
  });
  return { rootId: root.id, following };
}

/** Follows a thread: its replies notify the actor (subject to the channel's mute and level). */
export function followThread(deps: ServiceDeps, actor: Actor, rawInput: unknown) {
  return setFollowing(deps, actor, rawInput, true);
}

/** Unfollows a thread. Explicit: replying or being mentioned later does not follow it again. */
export function unfollowThread(deps: ServiceDeps, actor: Actor, rawInput: unknown) {
  return setFollowing(deps, actor, rawInput, false);
}

/**
 * Whether the actor follows a thread: their explicit choice if they made one, else whether they
 * would be auto-followed (started it, replied, or were mentioned in a reply), so the answer is right
 * even before the notifications worker has recorded the automatic follow.
 */
export async function getThreadFollowState(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<ThreadFollowState> {
  const input = parseInput(threadFollowInput, rawInput);
  const root = await loadThreadRoot(deps, actor, input.rootId);
  const row = await deps.db.threadFollower.findUnique({
    where: { threadRootId_userId: { threadRootId: root.id, userId: actor.id } },
    select: { following: true },
  });
  if (row) return { rootId: root.id, following: row.following };
  if (root.authorUserId === actor.id) return { rootId: root.id, following: true };
  const involved = await deps.db.message.findFirst({
    where: {
      threadRootId: root.id,
      OR: [{ authorUserId: actor.id }, { mentions: { some: { kind: 'user', userId: actor.id } } }],
    },
    select: { id: true },
  });
  return { rootId: root.id, following: involved !== null };
}
