import type { Services } from '@parley/api';
import { jobPayloads } from '@parley/contracts';
import type { Job } from 'bullmq';

/** Thumbnails and checks one uploaded image; the file is ready (or rejected) only afterwards. */
export async function processMediaJob(deps: { services: Services }, job: Pick<Job, 'data'>) {
  const data = jobPayloads.media.parse(job.data);
  return deps.services.files.processMedia({ fileId: data.fileId });
}
