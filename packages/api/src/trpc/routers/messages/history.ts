import { historyInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const history = workspaceProcedure
  .input(historyInput)
  .query(({ ctx, input }) => ctx.services.history.getHistory(ctx.actor, withoutWorkspace(input)));
