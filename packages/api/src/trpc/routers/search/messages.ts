import { searchMessagesInput } from '@parley/contracts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const messages = workspaceProcedure
  .input(searchMessagesInput)
  .query(({ ctx, input }) =>
    ctx.services.search.searchMessages(ctx.actor, withoutWorkspace(input)),
  );
