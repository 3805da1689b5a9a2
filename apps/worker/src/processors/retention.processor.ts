import type { Services } from '@parley/api';
import { jobPayloads } from '@parley/contracts';
import type { Job } from 'bullmq';

/** Deletes what is older than each workspace's retention setting. */
export async function processRetention(deps: { services: Services }, job: Pick<Job, 'data'>) {
  const data = jobPayloads.retention.parse(job.data ?? {});
  return deps.services.retention.applyRetention({ workspaceId: data.workspaceId });
}
