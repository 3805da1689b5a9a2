import { setTopicInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const setTopic = workspaceProcedure
  .input(setTopicInput)
  .mutation(({ ctx, input }) => ctx.services.channels.setTopic(ctx.actor, withoutWorkspace(input)));
