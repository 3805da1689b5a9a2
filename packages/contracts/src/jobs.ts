import { z } from 'zod';
import { id } from './common.ts';

/** Queue name → job payload schema. Workers parse with these; producers build with them. */
export const queueNames = [
  'fanout',
  'notifications',
  'search-index',
  'media',
  'webhooks',
  'retention',
  'email-digest',
  'push',
] as const;
export type QueueName = (typeof queueNames)[number];

export const jobPayloads = {
  /** An outbox event to fan out to per-member effects (ids only; the processor reloads). */
  fanout: z.object({ outboxId: z.string(), eventId: id, type: z.string(), workspaceId: id }),
  notifications: z.object({ eventId: id, type: z.string(), workspaceId: id, messageId: id }),
  'search-index': z.object({
    op: z.enum(['upsert', 'delete']),
    workspaceId: id,
    messageId: id,
  }),
  media: z.object({ fileId: id, workspaceId: id }),
  webhooks: z.object({ webhookId: id, eventId: id, workspaceId: id }),
  retention: z.object({ workspaceId: id.optional() }),
  /** A sweep: every offline user's unread, un-emailed notifications older than the delay, one email each. */
  'email-digest': z.object({}),
  /** Web Push for the notifications one message created (recorded by the notifications job). */
  push: z.object({ messageId: id, workspaceId: id }),
} satisfies Record<QueueName, z.ZodType>;

export type JobPayload<Q extends QueueName> = z.infer<(typeof jobPayloads)[Q]>;
