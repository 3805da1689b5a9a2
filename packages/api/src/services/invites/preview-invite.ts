import { acceptInviteInput } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { hashToken } from './invite-token.ts';

/** What the invite page shows before joining: the workspace's name and whether the link still works. */
export async function previewInvite(deps: ServiceDeps, rawInput: unknown) {
  const input = parseInput(acceptInviteInput, rawInput);
  const invite = await deps.db.invite.findUnique({
    where: { tokenHash: hashToken(input.token) },
    include: { workspace: true },
  });
  if (!invite) throw notFound('invite');
  const now = deps.clock();
  const usable =
    !invite.revokedAt &&
    invite.expiresAt > now &&
    (invite.maxUses === null || invite.uses < invite.maxUses);
  return { workspaceName: invite.workspace.name, workspaceSlug: invite.workspace.slug, usable };
}
