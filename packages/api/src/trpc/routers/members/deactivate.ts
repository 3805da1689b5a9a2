import { memberIdInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const deactivate = workspaceProcedure
  .input(memberIdInput)
  .mutation(({ ctx, input }) =>
    ctx.services.members.deactivateMember(ctx.actor, withoutWorkspace(input)),
  );
