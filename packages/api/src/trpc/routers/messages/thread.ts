import { threadInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const thread = workspaceProcedure
  .input(threadInput)
  .query(({ ctx, input }) => ctx.services.history.getThread(ctx.actor, withoutWorkspace(input)));
