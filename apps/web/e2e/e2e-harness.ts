import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { createServices } from '@parley/api';
import { createStorage } from '@parley/api/storage';
import { nodeHostedRelay } from '@parley/api/jobs';
import { removeRedisKeys } from '@parley/api/testing';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { chromium, type Browser } from 'playwright-core';
import {
  createRealtimeServer,
  type RealtimeServer,
} from '../../realtime/src/create-realtime-server.ts';
import { createWorker } from '../../worker/src/create-worker.ts';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const artifactsDir = path.resolve(webDir, '../../test-artifacts/e2e');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TICKET_SECRET = 'e2e-realtime-ticket-secret-0000';
const STORAGE_SECRET = 'e2e-storage-signing-secret-000';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.next' || entry.name === 'e2e') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestSourceTime(full) : statSync(full).mtimeMs,
    );
  }
  return newest;
}

/** Builds the web app once; skipped when the build is newer than every source file of the app and packages. */
function ensureBuild() {
  const buildId = path.join(webDir, '.next', 'BUILD_ID');
  const sources = Math.max(
    newestSourceTime(path.join(webDir, 'src')),
    newestSourceTime(path.resolve(webDir, '../../packages')),
  );
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sources) return;
  const result = spawnSync('npx', ['next', 'build'], {
    cwd: webDir,
    stdio: 'inherit',
    env: { ...process.env, SKIP_ENV_VALIDATION: '1' },
  });
  if (result.status !== 0) throw new Error('next build failed');
}

/**
 * The whole platform for browser tests: a fresh database, the production web build under
 * `next start`, a realtime node (restartable, hosting the outbox relay) and the worker, all on
 * 127.0.0.1.
 */
export async function startPlatform() {
  mkdirSync(artifactsDir, { recursive: true });
  ensureBuild();
  const database: TestDatabase = await createTestDatabase();
  // Every Redis key and channel of this run (web, realtime node, worker) under its own prefix.
  const prefix = `test:${randomUUID()}:`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const workerRedis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const logger = pino({ level: 'silent' });
  const webPort = await freePort();
  const storageDir = mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-files-'));
  const storage = createStorage({
    driver: 'disk',
    dir: storageDir,
    signingSecret: STORAGE_SECRET,
    publicUrl: `http://127.0.0.1:${webPort}`,
  });
  // As apps/realtime runs it: the node hosts the outbox relay, which feeds the worker's queues.
  const hosted = nodeHostedRelay(redis, REDIS_URL, prefix);
  const services = createServices({
    storage,
    db: database.db,
    events: hosted.events,
    clock: () => new Date(),
    logger,
    config: { realtimeTicketSecret: TICKET_SECRET },
  });
  const realtimePort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  // The real worker: the job queues (search, notifications) the outbox relay feeds.
  const worker = await createWorker({
    services,
    redis: workerRedis,
    redisUrl: REDIS_URL,
    keyPrefix: prefix,
    logger,
  });
  let realtime: RealtimeServer | null = null;
  const startRealtime = async () => {
    realtime = createRealtimeServer({
      services,
      redis,
      logger,
      keyPrefix: prefix,
      corsOrigins: [webUrl],
      relay: hosted.relayFor(services),
    });
    await realtime.listen(realtimePort, '127.0.0.1');
  };
  await startRealtime();

  const web: ChildProcess = spawn(
    'npx',
    ['next', 'start', '-p', String(webPort), '-H', '127.0.0.1'],
    {
      cwd: webDir,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        AUTH_SECRET: 'e2e-auth-secret-0000000000000000',
        NEXTAUTH_URL: webUrl,
        REALTIME_TICKET_SECRET: TICKET_SECRET,
        REALTIME_PUBLIC_URL: `http://127.0.0.1:${realtimePort}`,
        STORAGE_DIR: storageDir,
        STORAGE_SIGNING_SECRET: STORAGE_SECRET,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npx starts next-server as a grandchild, and close() stops them all.
      detached: true,
    },
  );
  const webExited = new Promise<void>((resolve) => web.once('exit', () => resolve()));
  let webLog = '';
  web.stdout?.on('data', (d: Buffer) => (webLog += d.toString()));
  web.stderr?.on('data', (d: Buffer) => (webLog += d.toString()));
  for (let i = 0; ; i++) {
    const res = await fetch(`${webUrl}/sign-in`).catch(() => null);
    if (res?.ok) break;
    if (i > 300) throw new Error(`web app did not start:\n${webLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });

  return {
    webUrl,
    browser,
    db: database.db,
    /** The platform's own services, for setting up what would take long through the UI. */
    services,
    webLog: () => webLog,
    async stopRealtime() {
      await realtime?.close('restart in e2e test');
      realtime = null;
    },
    startRealtime,
    async close() {
      await browser.close().catch(() => undefined);
      if (web.pid) {
        try {
          process.kill(-web.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      await webExited;
      await realtime?.close().catch(() => undefined);
      await worker.close();
      await hosted.close();
      await removeRedisKeys(redis, prefix);
      await redis.quit();
      await workerRedis.quit();
      await database.drop();
    },
  };
}

export type Platform = Awaited<ReturnType<typeof startPlatform>>;
