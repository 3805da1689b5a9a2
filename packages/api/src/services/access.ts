import type { Actor, Role } from '@parley/contracts';
import type { Channel } from '@parley/db';
import type { DbOrTx } from './deps.ts';
import { forbidden, notFound, unauthorized } from './errors.ts';

/**
 * Authorization lives here, in the services: every read and write checks the actor's workspace
 * membership and channel access against the database, never trusting the caller's UI.
 */

export interface ActiveMember {
  kind: 'user' | 'bot' | 'system';
  /** userId for users, botId for bots, 'system' for the system. */
  id: string;
  workspaceId: string;
  role: Role;
}

const roleRank: Record<Role, number> = { guest: 0, member: 1, admin: 2, owner: 3 };

export function hasRole(member: ActiveMember, atLeast: Role): boolean {
  return roleRank[member.role] >= roleRank[atLeast];
}

export function isAdmin(member: ActiveMember): boolean {
  return member.kind === 'system' || hasRole(member, 'admin');
}

/** The actor must be an active user member (or a live bot) of the workspace it claims. */
export async function requireMember(db: DbOrTx, actor: Actor): Promise<ActiveMember> {
  if (actor.kind === 'system') {
    const ws = await db.workspace.findUnique({
      where: { id: actor.workspaceId },
      select: { id: true },
    });
    if (!ws) throw notFound('workspace');
    return { kind: 'system', id: 'system', workspaceId: actor.workspaceId, role: 'owner' };
  }
  if (actor.kind === 'bot') {
    const bot = await db.bot.findFirst({
      where: { id: actor.id, workspaceId: actor.workspaceId, deactivatedAt: null },
      select: { id: true },
    });
    if (!bot) throw unauthorized('this bot is deactivated or unknown');
    return { kind: 'bot', id: bot.id, workspaceId: actor.workspaceId, role: 'member' };
  }
  const membership = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId: actor.workspaceId, userId: actor.id } },
    select: { role: true, deactivatedAt: true, user: { select: { deactivatedAt: true } } },
  });
  return memberFromFacts(actor, {
    role: membership?.role ?? null,
    membershipDeactivated: Boolean(membership?.deactivatedAt),
    userDeactivated: Boolean(membership?.user.deactivatedAt),
  });
}

/** What membership checks need to know about a user actor, however it was loaded. */
export interface MemberFacts {
  role: Role | null;
  membershipDeactivated: boolean;
  userDeactivated: boolean;
}

/** The membership rule for users: a member of the workspace, neither they nor their account deactivated. */
export function memberFromFacts(actor: Actor, facts: MemberFacts): ActiveMember {
  if (!facts.role) throw forbidden('you are not a member of this workspace');
  if (facts.membershipDeactivated || facts.userDeactivated)
    throw forbidden('your account is deactivated');
  return { kind: 'user', id: actor.id, workspaceId: actor.workspaceId, role: facts.role };
}

export async function requireAdmin(db: DbOrTx, actor: Actor): Promise<ActiveMember> {
  const member = await requireMember(db, actor);
  if (!isAdmin(member)) throw forbidden('only workspace admins can do this');
  return member;
}

export interface ChannelAccess {
  member: ActiveMember;
  channel: Channel;
  /** Whether the actor is in the channel (users: a channel_members row; bots: added to it). */
  isChannelMember: boolean;
}

/**
 * Read access: public channels are readable by every non-guest member; private channels, DMs and
 * group DMs only by their members; guests only in channels they were added to. Channels of another
 * workspace do not exist as far as the actor is concerned (NOT_FOUND, not FORBIDDEN).
 */
export async function requireChannelRead(
  db: DbOrTx,
  actor: Actor,
  channelId: string,
): Promise<ChannelAccess> {
  const member = await requireMember(db, actor);
  const channel = await db.channel.findFirst({
    where: { id: channelId, workspaceId: actor.workspaceId },
  });
  if (!channel) throw notFound('channel');
  return channelAccessFromFacts(member, channel, await isInChannel(db, member, channelId));
}

/** The channel read rule, given what was loaded: members read; public channels are open to non-guests. */
export function channelAccessFromFacts(
  member: ActiveMember,
  channel: Channel,
  isChannelMember: boolean,
): ChannelAccess {
  if (member.kind === 'system' || isChannelMember) return { member, channel, isChannelMember };
  if (channel.kind === 'public' && member.role !== 'guest')
    return { member, channel, isChannelMember };
  // Private channels are invisible to outsiders.
  throw notFound('channel');
}

/** Write access: read access, plus channel membership, plus the channel is not archived. */
export async function requireChannelWrite(
  db: DbOrTx,
  actor: Actor,
  channelId: string,
): Promise<ChannelAccess> {
  const access = await requireChannelRead(db, actor, channelId);
  assertWritable(access);
  return access;
}

export function assertWritable(access: ChannelAccess): void {
  if (access.channel.archivedAt) throw forbidden('this channel is archived and read-only');
  if (access.member.kind === 'system') return;
  if (!access.isChannelMember) {
    if (access.member.kind === 'bot' && access.channel.kind === 'public') return;
    throw forbidden('join the channel before posting in it');
  }
}

async function isInChannel(db: DbOrTx, member: ActiveMember, channelId: string): Promise<boolean> {
  if (member.kind === 'user') {
    const row = await db.channelMember.findUnique({
      where: { channelId_userId: { channelId, userId: member.id } },
      select: { userId: true },
    });
    return row !== null;
  }
  if (member.kind === 'bot') {
    const row = await db.channelBot.findUnique({
      where: { channelId_botId: { channelId, botId: member.id } },
      select: { botId: true },
    });
    return row !== null;
  }
  return false;
}
