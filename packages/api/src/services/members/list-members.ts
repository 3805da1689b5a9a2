import { listMembersInput, type Actor, type MemberDto } from '@parley/contracts';
import { requireMember } from '../access.ts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';

/** The workspace's members (active only unless asked), optionally filtered by name or email. */
export async function listMembers(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<MemberDto[]> {
  const input = parseInput(listMembersInput, rawInput ?? {});
  await requireMember(deps.db, actor);
  const q = input.query?.trim();
  const rows = await deps.db.membership.findMany({
    where: {
      workspaceId: actor.workspaceId,
      ...(input.includeDeactivated ? {} : { deactivatedAt: null, user: { deactivatedAt: null } }),
      ...(q
        ? {
            user: {
              OR: [
                { displayName: { contains: q, mode: 'insensitive' } },
                { email: { contains: q.toLowerCase() } },
              ],
            },
          }
        : {}),
    },
    include: { user: true },
    orderBy: { user: { displayName: 'asc' } },
    take: 1000,
  });
  return rows.map((m) => ({
    id: m.user.id,
    email: m.user.email,
    displayName: m.user.displayName,
    avatarUrl: m.user.avatarUrl,
    statusText: m.user.statusText,
    statusEmoji: m.user.statusEmoji,
    role: m.role,
    deactivated: m.deactivatedAt !== null || m.user.deactivatedAt !== null,
    joinedAt: m.joinedAt.toISOString(),
  }));
}
