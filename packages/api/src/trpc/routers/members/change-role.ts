import { changeRoleInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const changeRole = workspaceProcedure
  .input(changeRoleInput)
  .mutation(({ ctx, input }) =>
    ctx.services.members.changeRole(ctx.actor, withoutWorkspace(input)),
  );
