import { authedProcedure } from '../../init.ts';

export const me = authedProcedure.query(({ ctx }) => ctx.services.users.getMe(ctx.userId));
