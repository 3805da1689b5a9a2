import { memberIdInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const reactivate = workspaceProcedure
  .input(memberIdInput)
  .mutation(({ ctx, input }) =>
    ctx.services.members.reactivateMember(ctx.actor, withoutWorkspace(input)),
  );
