import type { Services } from '@parley/api';
import { jobPayloads } from '@parley/contracts';
import type { Job } from 'bullmq';

/** Delivers one event to one outgoing webhook; BullMQ retries failures with backoff, the last attempt marks it dead. */
export async function processWebhook(
  deps: { services: Services },
  job: Pick<Job, 'data' | 'attemptsMade' | 'opts'>,
) {
  const data = jobPayloads.webhooks.parse(job.data);
  const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return deps.services.webhooks.deliverOutgoingWebhook({
    webhookId: data.webhookId,
    eventId: data.eventId,
    finalAttempt,
  });
}
