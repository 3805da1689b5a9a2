import type { Services } from '@parley/api';
import { jobPayloads } from '@parley/contracts';
import type { Job } from 'bullmq';
import { forEachMessage } from './for-each-message.ts';

/** Brings a batch of messages' search documents up to date; the same job twice gives the same index. */
export async function processSearchIndex(deps: { services: Services }, job: Pick<Job, 'data'>) {
  const data = jobPayloads['search-index'].parse(job.data);
  await forEachMessage(data.messageIds, (messageId) =>
    deps.services.search.syncSearchIndex({ messageId }),
  );
}
