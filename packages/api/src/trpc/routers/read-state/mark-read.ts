import { markReadInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const markRead = workspaceProcedure
  .input(markReadInput)
  .mutation(({ ctx, input }) =>
    ctx.services.readState.markRead(ctx.actor, withoutWorkspace(input)),
  );
