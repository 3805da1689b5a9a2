import { listPinsInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const pins = workspaceProcedure
  .input(listPinsInput)
  .query(({ ctx, input }) => ctx.services.messages.listPins(ctx.actor, withoutWorkspace(input)));
