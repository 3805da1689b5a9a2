import type { Services } from '@parley/api';
import { jobPayloads } from '@parley/contracts';
import type { Job } from 'bullmq';

/** Brings one message's search document up to date; the same job twice gives the same index. */
export async function processSearchIndex(deps: { services: Services }, job: Pick<Job, 'data'>) {
  const data = jobPayloads['search-index'].parse(job.data);
  await deps.services.search.syncSearchIndex({ messageId: data.messageId });
}
