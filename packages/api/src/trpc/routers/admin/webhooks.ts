import { z } from 'zod';
import { id } from '@parley/contracts';
import { createOutgoingWebhookInput } from '../../../services/webhooks/manage-outgoing-webhooks.ts';
import { workspaceProcedure, withoutWorkspace } from '../../init.ts';

export const createWebhook = workspaceProcedure
  .input(createOutgoingWebhookInput)
  .mutation(({ ctx, input }) =>
    ctx.services.webhooks.createOutgoingWebhook(ctx.actor, withoutWorkspace(input)),
  );

export const listWebhooks = workspaceProcedure.query(({ ctx }) =>
  ctx.services.webhooks.listOutgoingWebhooks(ctx.actor),
);

export const deleteWebhook = workspaceProcedure
  .input(z.object({ webhookId: id }))
  .mutation(({ ctx, input }) =>
    ctx.services.webhooks.deleteOutgoingWebhook(ctx.actor, withoutWorkspace(input)),
  );
