import type { Services } from '@parley/api';
import { jobPayloads } from '@parley/contracts';
import type { Job } from 'bullmq';

/** Records in-app notifications for one committed message. Idempotent, so retries are safe. */
export async function processNotifications(deps: { services: Services }, job: Pick<Job, 'data'>) {
  const data = jobPayloads.notifications.parse(job.data);
  return deps.services.notifications.recordMessageNotifications({ messageId: data.messageId });
}
