import { createHash } from 'node:crypto';
import { MAX_MESSAGES_PER_JOB } from '@parley/contracts';
import type { OutboxSink } from '../relay/outbox-relay.ts';
import type { Services } from '../services/create-services.ts';
import { createQueue, type QueueOptions } from './queues.ts';

/** The queues the outbox feeds (the worker processes them). */
export type SinkQueues = ReturnType<typeof createSinkQueues>;

/** Producers for the queues the outbox sink feeds; whichever process hosts the relay opens them. */
export function createSinkQueues(options: QueueOptions) {
  return {
    notifications: createQueue('notifications', options),
    searchIndex: createQueue('search-index', options),
    webhooks: createQueue('webhooks', options),
    media: createQueue('media', options),
  };
}

/**
 * Feeds relayed outbox events into the job queues, a batch at a time (webhook targets in two
 * queries, one addBulk per queue), so the relay's pace does not depend on the number of events.
 * Search indexing and notifications get one job per workspace per batch (their processors are
 * idempotent per message); webhook and media jobs are per event, with the event id in the job id,
 * so an event relayed twice (at-least-once) becomes one job.
 */
export function createQueueSink(
  queues: SinkQueues,
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
    const searchJobs = messageJobs(
      events.flatMap((event) =>
        event.type === 'message.created' || event.type === 'message.updated'
          ? [
              {
                eventId: event.eventId,
                workspaceId: event.workspaceId,
                messageId: event.payload.message.id,
              },
            ]
          : event.type === 'message.deleted'
            ? [
                {
                  eventId: event.eventId,
                  workspaceId: event.workspaceId,
                  messageId: event.payload.messageId,
                },
              ]
            : [],
      ),
    );
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
    const notificationJobs = messageJobs(
      events.flatMap((event) =>
        event.type === 'message.created'
          ? [
              {
                eventId: event.eventId,
                workspaceId: event.workspaceId,
                messageId: event.payload.message.id,
              },
            ]
          : [],
      ),
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

/**
 * One job per workspace (at most MAX_MESSAGES_PER_JOB events each; message ids deduplicated). The
 * job id is a digest of the events it carries, so the same batch relayed twice queues its job
 * once, while a later event about the same message (an edit) is a new job.
 */
function messageJobs(items: { eventId: string; workspaceId: string; messageId: string }[]) {
  const byWorkspace = new Map<string, typeof items>();
  for (const item of items) {
    const list = byWorkspace.get(item.workspaceId);
    if (list) list.push(item);
    else byWorkspace.set(item.workspaceId, [item]);
  }
  return [...byWorkspace].flatMap(([workspaceId, list]) => {
    const jobs = [];
    for (let i = 0; i < list.length; i += MAX_MESSAGES_PER_JOB) {
      const chunk = list.slice(i, i + MAX_MESSAGES_PER_JOB);
      const digest = createHash('sha256')
        .update(chunk.map((c) => c.eventId).join(','))
        .digest('base64url');
      jobs.push({
        data: { workspaceId, messageIds: [...new Set(chunk.map((c) => c.messageId))] },
        opts: { jobId: `batch_${digest.slice(0, 22)}` },
      });
    }
    return jobs;
  });
}
