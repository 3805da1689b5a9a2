import { randomBytes } from 'node:crypto';
import type { Db } from '../client.ts';
import type { ChannelKind, Role } from '../generated/prisma/enums.ts';

/** Small data builders for tests. Every value is unique; nothing is shared between test files. */
let counter = 0;
const unique = () => `${++counter}${randomBytes(3).toString('hex')}`;

export async function createUser(
  db: Db,
  overrides: {
    email?: string;
    displayName?: string;
    passwordHash?: string | null;
    deactivatedAt?: Date | null;
  } = {},
) {
  const id = unique();
  return db.user.create({
    data: {
      email: (overrides.email ?? `user-${id}@example.test`).toLowerCase(),
      displayName: overrides.displayName ?? `User ${id}`,
      passwordHash: overrides.passwordHash ?? null,
      deactivatedAt: overrides.deactivatedAt ?? null,
    },
  });
}

/** A workspace with its owner (created unless given) and a #general channel the owner is in. */
export async function createWorkspace(
  db: Db,
  options: { ownerId?: string; name?: string; slug?: string } = {},
) {
  const id = unique();
  const ownerId = options.ownerId ?? (await createUser(db)).id;
  const workspace = await db.workspace.create({
    data: {
      name: options.name ?? `Workspace ${id}`,
      slug: options.slug ?? `ws-${id}`,
      memberships: { create: { userId: ownerId, role: 'owner' } },
    },
  });
  const general = await db.channel.create({
    data: {
      workspaceId: workspace.id,
      kind: 'public',
      name: 'general',
      createdById: ownerId,
      members: { create: { userId: ownerId, workspaceId: workspace.id } },
    },
  });
  return { workspace, ownerId, general };
}

export async function addMember(
  db: Db,
  workspaceId: string,
  userId: string,
  role: Role = 'member',
) {
  return db.membership.create({ data: { workspaceId, userId, role } });
}

/** Creates a user and adds them to the workspace with the role. */
export async function createMember(
  db: Db,
  workspaceId: string,
  role: Role = 'member',
  overrides: Parameters<typeof createUser>[1] = {},
) {
  const user = await createUser(db, overrides);
  await addMember(db, workspaceId, user.id, role);
  return user;
}

export async function createChannel(
  db: Db,
  options: {
    workspaceId: string;
    kind?: ChannelKind;
    name?: string | null;
    memberIds?: string[];
    createdById?: string;
    archivedAt?: Date | null;
  },
) {
  const kind = options.kind ?? 'public';
  const memberIds = options.memberIds ?? [];
  const isDm = kind === 'dm' || kind === 'group_dm';
  return db.channel.create({
    data: {
      workspaceId: options.workspaceId,
      kind,
      name: isDm ? null : (options.name ?? `channel-${unique()}`),
      dmKey: isDm ? [...memberIds].sort().join(':') : null,
      createdById: options.createdById ?? memberIds[0] ?? null,
      archivedAt: options.archivedAt ?? null,
      members: {
        create: memberIds.map((userId) => ({ userId, workspaceId: options.workspaceId })),
      },
    },
  });
}
