import { openDmInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const openDm = workspaceProcedure
  .input(openDmInput)
  .mutation(({ ctx, input }) => ctx.services.channels.openDm(ctx.actor, withoutWorkspace(input)));
