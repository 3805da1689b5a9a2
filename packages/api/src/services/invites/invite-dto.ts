import type { Invite } from '@parley/db';

export function toInviteDto(i: Invite, now: Date) {
  const status = i.revokedAt
    ? 'revoked'
    : i.expiresAt <= now
      ? 'expired'
      : i.maxUses !== null && i.uses >= i.maxUses
        ? 'used_up'
        : 'active';
  return {
    id: i.id,
    role: i.role,
    email: i.email,
    expiresAt: i.expiresAt.toISOString(),
    maxUses: i.maxUses,
    uses: i.uses,
    status,
    createdAt: i.createdAt.toISOString(),
  };
}
export type InviteDto = ReturnType<typeof toInviteDto>;
