import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Starts a process that registers the handler, then signals it; returns its exit code and output. */
async function signalTwice(signal: NodeJS.Signals, failDrain: boolean) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(here, 'testing', 'shutdown-target.ts'),
      failDrain ? 'fail' : 'ok',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve) =>
    child.stdout.on('data', () => out.includes('ready') && resolve()),
  );
  child.kill(signal);
  child.kill(signal); // a second signal while draining must not start a second drain
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, out };
}

describe('onShutdownSignal', () => {
  it('drains once on SIGTERM, ignores a second signal, and exits 0', async () => {
    const { code, out } = await signalTwice('SIGTERM', false);
    expect(code).toBe(0);
    expect(out.match(/drain started/g)).toHaveLength(1);
    expect(out).toContain('drain finished');
  });

  it('exits on SIGINT even when the drain fails, after logging the error', async () => {
    const { code, out } = await signalTwice('SIGINT', true);
    expect(code).toBe(0);
    expect(out).toContain('error while draining');
    expect(out).not.toContain('drain finished');
  });
});
