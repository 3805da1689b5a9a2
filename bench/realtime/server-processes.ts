/**
 * The benchmark's server processes (bench/realtime/server.ts, forked), so their CPU and memory are
 * measured apart from the load generator.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REALTIME_NODE_FLAGS } from '../../apps/realtime/src/node-flags.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ServerStats {
  cpu: NodeJS.CpuUsage;
  rss: number;
  syscalls: { reads: number; writes: number };
}

export interface Server {
  url: string;
  /** CPU, RSS and system calls so far (read- and write-class) of the server process. */
  stats(): Promise<ServerStats>;
  /** Asks the server to clean up and exit; resolves when it has. */
  stop(): Promise<void>;
}

type ProcessMode = 'raw' | 'raw-redis' | 'node';

/** One server process (bench/realtime/server.ts in the given mode). */
async function forkServer(mode: ProcessMode, env: NodeJS.ProcessEnv) {
  const child = fork(path.join(here, 'server.ts'), [mode], {
    // BENCH_CPU_PROF=dir writes a V8 CPU profile of each server process there (for finding hot spots).
    execArgv: [
      // The realtime node's production flags, for raw too: the same runtime on both sides.
      ...REALTIME_NODE_FLAGS,
      // e.g. BENCH_NODE_FLAGS='--max-semi-space-size=128' (later flags win).
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) =>
    child.on(
      'message',
      (m: { type: string; port: number }) => m.type === 'ready' && resolve(m.port),
    ),
  );
  return {
    port,
    stats: () =>
      new Promise<ServerStats>((resolve) => {
        const on = (m: ServerStats & { type: string }) => {
          if (m.type !== 'stats') return;
          child.off('message', on);
          resolve(m);
        };
        child.on('message', on);
        child.send({ type: 'stats' });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.send({ type: 'exit' });
      }),
  };
}

/**
 * `raw`: the bare Socket.IO server. `parley`: as production runs it, a realtime node process that
 * hosts the outbox relay with its job-queue sinks.
 */
export async function startServer(
  mode: 'raw' | 'raw-redis' | 'parley',
  env: NodeJS.ProcessEnv,
): Promise<Server> {
  const proc = await forkServer(mode === 'parley' ? 'node' : mode, env);
  return { url: `http://127.0.0.1:${proc.port}`, stats: proc.stats, stop: proc.stop };
}
