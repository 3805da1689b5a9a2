/**
 * An outbox relay in a process of its own, for tests that stop it with SIGSTOP (a stalled
 * leader). Configured by the environment; prints "started" once running, runs until killed.
 */
import { createDb } from '@parley/db';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { startOutboxRelay } from '../outbox-relay.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const redis = new Redis(env('REDIS_URL'), { maxRetriesPerRequest: null });
startOutboxRelay({
  db: createDb({ connectionString: env('DATABASE_URL'), max: 2 }),
  subscriber: redis.duplicate(),
  publisher: redis,
  eventsChannel: env('EVENTS_CHANNEL'),
  wakeChannel: env('WAKE_CHANNEL'),
  logger: pino({ level: 'silent' }),
  pollIntervalMs: 100,
  leaderIdleTimeoutMs: Number(env('LEADER_IDLE_TIMEOUT_MS')),
});
process.stdout.write('started\n');
