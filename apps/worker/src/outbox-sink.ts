import type { Services } from '@parley/api';
import type { OutboxSink } from '@parley/api/relay';
import type { createQueue } from './queues.ts';

/**
 * Feeds relayed outbox events into the job queues. The job id is the event id, so an event relayed
 * twice (at-least-once) becomes one job.
 */
export function createQueueSink(
  queues: {
    notifications: ReturnType<typeof createQueue<'notifications'>>;
    searchIndex: ReturnType<typeof createQueue<'search-index'>>;
    webhooks: ReturnType<typeof createQueue<'webhooks'>>;
    media: ReturnType<typeof createQueue<'media'>>;
  },
  services: Services,
  webhookRetry = { attempts: 6, backoffMs: 2_000 },
): OutboxSink {
  return async (events) => {
    for (const event of events) {
      if (event.type !== 'read.updated') {
        for (const webhookId of await services.webhooks.webhookTargetsFor(event)) {
          await queues.webhooks.add(
            { webhookId, eventId: event.eventId, workspaceId: event.workspaceId },
            {
              jobId: `${webhookId}_${event.eventId}`,
              attempts: webhookRetry.attempts,
              backoff: { type: 'exponential', delay: webhookRetry.backoffMs },
            },
          );
        }
      }
      const indexed =
        event.type === 'message.created' || event.type === 'message.updated'
          ? { op: 'upsert' as const, messageId: event.payload.message.id }
          : event.type === 'message.deleted'
            ? { op: 'delete' as const, messageId: event.payload.messageId }
            : null;
      if (indexed)
        await queues.searchIndex.add(
          { ...indexed, workspaceId: event.workspaceId },
          { jobId: event.eventId },
        );
      if (event.type === 'file.updated' && event.payload.file.status === 'processing') {
        await queues.media.add(
          { fileId: event.payload.file.id, workspaceId: event.workspaceId },
          { jobId: event.eventId },
        );
      }
      if (event.type === 'message.created') {
        await queues.notifications.add(
          {
            eventId: event.eventId,
            type: event.type,
            workspaceId: event.workspaceId,
            messageId: event.payload.message.id,
          },
          { jobId: event.eventId },
        );
      }
    }
  };
}
