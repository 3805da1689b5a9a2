import { workspaceProcedure } from '../../init.ts';

export const ticket = workspaceProcedure.mutation(({ ctx }) =>
  ctx.services.realtime.issueRealtimeTicket(ctx.actor),
);
