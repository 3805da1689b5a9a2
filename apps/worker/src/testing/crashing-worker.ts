/**
 * Test helper process: a notifications worker that performs the real job's side effect and then
 * hangs before acknowledging it, so the test can SIGKILL it "mid-job" (after the effect, before the
 * ack) — the hardest case for exactly-once-in-effect.
 */
import { createServices } from '@parley/api';
import { createDb } from '@parley/db';
import { Worker } from 'bullmq';
import { pino } from 'pino';
import { processNotifications } from '../processors/notifications.processor.ts';
import { redisConnectionOptions } from '@parley/api/jobs';

const [databaseUrl, redisUrl, prefix] = process.argv.slice(2) as [string, string, string];
const services = createServices({
  db: createDb({ connectionString: databaseUrl, max: 2 }),
  events: { committed: () => undefined },
  clock: () => new Date(),
  logger: pino({ level: 'silent' }),
});
new Worker(
  'notifications',
  async (job) => {
    await processNotifications({ services }, job);
    process.send?.({ type: 'effect-done', jobId: job.id });
    await new Promise(() => undefined); // never acknowledges
  },
  {
    connection: redisConnectionOptions(redisUrl),
    prefix,
    lockDuration: 1_000,
    stalledInterval: 1_000,
  },
);
process.send?.({ type: 'ready' });
