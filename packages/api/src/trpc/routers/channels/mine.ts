import { workspaceProcedure } from '../../init.ts';

export const mine = workspaceProcedure.query(({ ctx }) =>
  ctx.services.channels.listMyChannels(ctx.actor),
);
