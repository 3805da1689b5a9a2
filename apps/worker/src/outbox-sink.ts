import type { Services } from '@parley/api';
import type { OutboxSink } from '@parley/api/relay';
import type { createQueue } from './queues.ts';

/**
 * Feeds relayed outbox events into the job queues, a batch at a time (webhook targets in two
 * queries, one addBulk per queue), so the relay's pace does not depend on the number of events.
 * The job id is the event id, so an event relayed twice (at-least-once) becomes one job.
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
    // Read markers are private to their user; every other event may go to webhooks.
    const hookable = events.filter((e) => e.type !== 'read.updated');
    const targets = await services.webhooks.webhookTargetsForEvents(hookable);
    const webhookJobs = hookable.flatMap((event, i) =>
      (targets[i] ?? []).map((webhookId) => ({
        data: { webhookId, eventId: event.eventId, workspaceId: event.workspaceId },
        opts: {
          jobId: `${webhookId}_${event.eventId}`,
          attempts: webhookRetry.attempts,
          backoff: { type: 'exponential', delay: webhookRetry.backoffMs },
        },
      })),
    );
    const searchJobs = events.flatMap((event) => {
      const indexed =
        event.type === 'message.created' || event.type === 'message.updated'
          ? { op: 'upsert' as const, messageId: event.payload.message.id }
          : event.type === 'message.deleted'
            ? { op: 'delete' as const, messageId: event.payload.messageId }
            : null;
      return indexed
        ? [{ data: { ...indexed, workspaceId: event.workspaceId }, opts: { jobId: event.eventId } }]
        : [];
    });
    const mediaJobs = events.flatMap((event) =>
      event.type === 'file.updated' && event.payload.file.status === 'processing'
        ? [
            {
              data: { fileId: event.payload.file.id, workspaceId: event.workspaceId },
              opts: { jobId: event.eventId },
            },
          ]
        : [],
    );
    const notificationJobs = events.flatMap((event) =>
      event.type === 'message.created'
        ? [
            {
              data: {
                eventId: event.eventId,
                type: event.type,
                workspaceId: event.workspaceId,
                messageId: event.payload.message.id,
              },
              opts: { jobId: event.eventId },
            },
          ]
        : [],
    );
    // One round trip per queue for the whole batch.
    await Promise.all([
      queues.webhooks.addBulk(webhookJobs),
      queues.searchIndex.addBulk(searchJobs),
      queues.media.addBulk(mediaJobs),
      queues.notifications.addBulk(notificationJobs),
    ]);
  };
}
