import { updateWorkspaceSettingsInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const updateSettings = workspaceProcedure
  .input(updateWorkspaceSettingsInput)
  .mutation(({ ctx, input }) =>
    ctx.services.workspaces.updateWorkspaceSettings(ctx.actor, withoutWorkspace(input)),
  );
