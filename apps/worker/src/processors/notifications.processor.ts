import type { Services } from '@parley/api';
import { jobPayloads, type JobPayload } from '@parley/contracts';
import type { Job } from 'bullmq';
import { forEachMessage } from './for-each-message.ts';

/**
 * Records in-app notifications (and thread follows) for a batch of committed messages, then, when
 * Web Push is on, queues each message's push job (job id per message, so a retry does not queue
 * it twice). Idempotent, so retries are safe.
 */
export async function processNotifications(
  deps: { services: Services; enqueuePush?: (data: JobPayload<'push'>) => Promise<unknown> },
  job: Pick<Job, 'data'>,
): Promise<{ created: number }> {
  const data = jobPayloads.notifications.parse(job.data);
  const results = await forEachMessage(data.messageIds, async (messageId) => {
    const result = await deps.services.notifications.recordMessageNotifications({ messageId });
    if (deps.enqueuePush) await deps.enqueuePush({ messageId, workspaceId: data.workspaceId });
    return result.created;
  });
  return { created: results.reduce((t, n) => t + n, 0) };
}
