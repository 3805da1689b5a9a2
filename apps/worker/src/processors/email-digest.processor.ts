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
}

/**
 * One sweep: for every user with due notifications who is offline in that workspace (per the
 * realtime presence keys), claim them and send ONE email. Rows are claimed before the send (see
 * claimEmailDigest), so a retried or concurrent sweep never emails a row twice; a send that fails
 * releases its rows for the next sweep.
 */
export async function processEmailDigest(deps: EmailDigestDeps, job: Pick<Job, 'data'>) {
  jobPayloads['email-digest'].parse(job.data);
  const now = deps.clock?.() ?? Date.now();
  const window = {
    olderThan: new Date(now - deps.delayMs),
    notBefore: new Date(now - deps.maxAgeMs),
  };
  const candidates = await deps.services.notifications.findEmailDigestCandidates({
    ...window,
    limit: 1000,
  });
  const result = { sent: 0, online: 0, failed: 0 };
  for (const c of candidates) {
    if (await deps.presence.isOnline(c.workspaceId, c.userId)) {
      result.online++;
      continue;
    }
    const digest = await deps.services.notifications.claimEmailDigest({ ...c, ...window });
    if (!digest || digest.items.length === 0) continue;
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
  return result;
}
