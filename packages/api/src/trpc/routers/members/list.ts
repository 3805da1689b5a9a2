import { listMembersInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const list = workspaceProcedure
  .input(listMembersInput)
  .query(({ ctx, input }) => ctx.services.members.listMembers(ctx.actor, withoutWorkspace(input)));
