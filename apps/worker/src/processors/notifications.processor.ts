import type { Services } from '@parley/api';
import { jobPayloads, type JobPayload } from '@parley/contracts';
import type { Job } from 'bullmq';

/**
 * Records in-app notifications (and thread follows) for one committed message, then, when Web
 * Push is on, queues its push job (job id per message, so a retry does not queue it twice).
 * Idempotent, so retries are safe.
 */
export async function processNotifications(
  deps: { services: Services; enqueuePush?: (data: JobPayload<'push'>) => Promise<unknown> },
  job: Pick<Job, 'data'>,
) {
  const data = jobPayloads.notifications.parse(job.data);
  const result = await deps.services.notifications.recordMessageNotifications({
    messageId: data.messageId,
  });
  if (deps.enqueuePush)
    await deps.enqueuePush({ messageId: data.messageId, workspaceId: data.workspaceId });
  return result;
}
