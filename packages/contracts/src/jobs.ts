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

/** Most messages one job carries: a relay batch is split into jobs of at most this many. */
export const MAX_MESSAGES_PER_JOB = 500;

const messageBatch = z.object({
  workspaceId: id,
  messageIds: z.array(id).min(1).max(MAX_MESSAGES_PER_JOB),
});

export const jobPayloads = {
  /** An outbox event to fan out to per-member effects (ids only; the processor reloads). */
  fanout: z.object({ outboxId: z.string(), eventId: id, type: z.string(), workspaceId: id }),
  /** The messages of one relayed batch (one workspace) whose notifications to record. */
  notifications: z.union([
    messageBatch,
    // A job queued before jobs were per batch (one message each) is read as a batch of one.
    z
      .object({ eventId: id, type: z.string(), workspaceId: id, messageId: id })
      .transform(({ workspaceId, messageId }) => ({ workspaceId, messageIds: [messageId] })),
  ]),
  /** The messages of one relayed batch (one workspace) whose search documents to bring up to date. */
  'search-index': z.union([
    messageBatch,
    z
      .object({ op: z.enum(['upsert', 'delete']), workspaceId: id, messageId: id })
      .transform(({ workspaceId, messageId }) => ({ workspaceId, messageIds: [messageId] })),
  ]),
  media: z.object({ fileId: id, workspaceId: id }),
  webhooks: z.object({ webhookId: id, eventId: id, workspaceId: id }),
  retention: z.object({ workspaceId: id.optional() }),
  /** A sweep: every offline user's unread, un-emailed notifications older than the delay, one email each. */
  'email-digest': z.object({}),
  /** Web Push for the notifications one message created (recorded by the notifications job). */
  push: z.object({ messageId: id, workspaceId: id }),
} satisfies Record<QueueName, z.ZodType>;

export type JobPayload<Q extends QueueName> = z.infer<(typeof jobPayloads)[Q]>;
