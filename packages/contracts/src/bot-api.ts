import { z } from 'zod';
import { clientMsgId, id, messageBody } from './common.ts';

/** HTTP bodies of the bot API (`/api/v1/*`) and incoming webhooks. */
export const botPostMessageBody = z.object({
  channelId: id,
  text: messageBody,
  threadRootId: id.optional(),
  clientMsgId: clientMsgId.optional(),
});
export type BotPostMessageBody = z.infer<typeof botPostMessageBody>;

export const incomingWebhookBody = z.object({ text: messageBody });
export type IncomingWebhookBody = z.infer<typeof incomingWebhookBody>;

export const apiErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBody>;
