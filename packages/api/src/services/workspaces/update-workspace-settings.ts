import { updateWorkspaceSettingsInput, type Actor, type WorkspaceDto } from '@parley/contracts';
import { requireAdmin } from '../access.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';
import { toWorkspaceDto } from './workspace-dto.ts';

/** Admins change the name, allowed email domains, retention and upload limits. */
export async function updateWorkspaceSettings(
  deps: ServiceDeps,
  actor: Actor,
  rawInput: unknown,
): Promise<WorkspaceDto> {
  const input = parseInput(updateWorkspaceSettingsInput, rawInput);
  return deps.db.$transaction(async (tx) => {
    const admin = await requireAdmin(tx, actor);
    const ws = await tx.workspace.update({ where: { id: actor.workspaceId }, data: input });
    await writeAudit(tx, admin, 'workspace.settings_updated', {
      type: 'workspace',
      id: ws.id,
      metadata: input,
    });
    return toWorkspaceDto(ws, admin.role);
  });
}
