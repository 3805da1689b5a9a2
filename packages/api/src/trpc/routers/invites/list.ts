import { workspaceProcedure } from '../../init.ts';

export const list = workspaceProcedure.query(({ ctx }) =>
  ctx.services.invites.listInvites(ctx.actor),
);
