import type { Services } from '@parley/api';
import type { PresenceReader } from '@parley/api/presence/presence-reader';
import { jobPayloads } from '@parley/contracts';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { sendWebPush, type VapidDetails } from '../push/send-web-push.ts';

export interface PushDeps {
  services: Services;
  /** Users active in the app are told live; they get no push. */
  presence: Pick<PresenceReader, 'isActive'>;
  logger: Logger;
  vapid: VapidDetails;
  publicUrl: string;
  /** Tests only: allow http:// and loopback push endpoints. */
  allowPrivateEndpoints: boolean;
}

/**
 * Web Push for one message's notifications: claims them (`pushedAt`), skips users who are active in
 * the app right now (the open app notifies them itself), and sends a minimal payload
 * (a title naming the conversation and a URL; no message text) to each of the user's
 * subscriptions, deletes subscriptions the push service reports gone (404/410). A user none of
 * whose devices could be reached (push service down) gets the claim released, and the job fails
 * so BullMQ retries it; users already reached are not pushed again.
 */
export async function processPush(deps: PushDeps, job: Pick<Job, 'data'>) {
  const data = jobPayloads.push.parse(job.data);
  const { claimedAt, deliveries } = await deps.services.push.claimPushDeliveries({
    messageId: data.messageId,
  });
  const base = deps.publicUrl.replace(/\/+$/, '');
  const result = { pushed: 0, removed: 0, failed: 0, skippedActive: 0 };
  const retry: string[] = [];
  for (const d of deliveries) {
    if (await deps.presence.isActive(data.workspaceId, d.userId)) {
      result.skippedActive++;
      continue;
    }
    const payload = JSON.stringify({ title: d.title, url: `${base}${d.path}`, tag: d.tag });
    let reached = false;
    let transient = false;
    for (const s of d.subscriptions) {
      const r = await sendWebPush({
        target: s,
        payload,
        vapid: deps.vapid,
        allowPrivate: deps.allowPrivateEndpoints,
      });
      if (r.ok) {
        reached = true;
        result.pushed++;
      } else if (r.gone) {
        await deps.services.push.removePushSubscription({ subscriptionId: s.id });
        result.removed++;
      } else {
        result.failed++;
        transient = transient || r.status === null || r.status === 429 || r.status >= 500;
        deps.logger.warn({ userId: d.userId, status: r.status, err: r.error }, 'push failed');
      }
    }
    if (!reached && transient) retry.push(...d.notificationIds);
  }
  if (retry.length > 0) {
    await deps.services.push.releasePushDeliveries({ ids: retry, claimedAt });
    throw new Error(`push did not reach ${retry.length} notification(s); retrying`);
  }
  return result;
}
