import { sendMessageInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const send = workspaceProcedure.input(sendMessageInput).mutation(async ({ ctx, input }) => {
  const { message } = await ctx.services.messages.sendMessage(ctx.actor, withoutWorkspace(input));
  return message;
});
