import type { Services } from '@parley/api';
import type { PresenceReader } from '@parley/api/presence/presence-reader';
import { jobPayloads } from '@parley/contracts';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Mailer } from '../email/mailer.ts';
import { renderDigestEmail } from '../email/render-digest.ts';

export interface EmailDigestDeps {
  services: Services;
  presence: PresenceReader;
  mailer: Mailer;
  logger: Logger;
  from: string;
  publicUrl: string;
  /** Notifications younger than this wait for the next sweep (the user may still see them in the app). */
  delayMs: number;
  /** Older than this are never emailed (so re-enabling email does not mail old history). */
  maxAgeMs: number;
  clock?: () => number;
  /** Candidates per page (each sweep walks every page). */
  pageSize?: number;
}

/**
 * One sweep: for every user with due notifications who is offline in that workspace (per the
 * realtime presence keys), claim them and send ONE email. Rows are claimed before the send (see
 * claimEmailDigest), so a retried or concurrent sweep never emails a row twice; a send that fails
 * releases its rows for the next sweep.
 */
async function digestFor(
  deps: EmailDigestDeps,
  c: { userId: string; workspaceId: string },
  window: { olderThan: Date; notBefore: Date },
  result: { sent: number; online: number; failed: number },
): Promise<void> {
  if (await deps.presence.isOnline(c.workspaceId, c.userId)) {
    result.online++;
    return;
  }
  const digest = await deps.services.notifications.claimEmailDigest({ ...c, ...window });
  if (!digest || digest.items.length === 0) return;
  try {
    await deps.mailer.send({
      from: deps.from,
      to: digest.user.email,
      ...renderDigestEmail(digest, deps.publicUrl),
    });
    result.sent++;
  } catch (error) {
    result.failed++;
    await deps.services.notifications.releaseEmailDigest({
      ids: digest.items.map((i) => i.notificationId),
      claimedAt: digest.claimedAt,
    });
    deps.logger.warn({ err: error, userId: c.userId }, 'digest email failed; will retry');
  }
}

export async function processEmailDigest(deps: EmailDigestDeps, job: Pick<Job, 'data'>) {
  jobPayloads['email-digest'].parse(job.data);
  const now = deps.clock?.() ?? Date.now();
  const window = {
    olderThan: new Date(now - deps.delayMs),
    notBefore: new Date(now - deps.maxAgeMs),
  };
  const result = { sent: 0, online: 0, failed: 0 };
  const pageSize = deps.pageSize ?? 500;
  let after: { userId: string; workspaceId: string } | undefined;
  for (;;) {
    const page = await deps.services.notifications.findEmailDigestCandidates({
      ...window,
      limit: pageSize,
      ...(after ? { after } : {}),
    });
    for (const c of page) await digestFor(deps, c, window, result);
    if (page.length < pageSize) break;
    after = page[page.length - 1];
  }
  return result;
}
