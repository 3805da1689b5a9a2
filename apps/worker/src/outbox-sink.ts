import type { OutboxSink } from '@parley/api/relay';
import type { createQueue } from './queues.ts';

/**
 * Feeds relayed outbox events into the job queues. The job id is the event id, so an event relayed
 * twice (at-least-once) becomes one job.
 */
export function createQueueSink(queues: {
  notifications: ReturnType<typeof createQueue<'notifications'>>;
}): OutboxSink {
  return async (events) => {
    for (const event of events) {
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
