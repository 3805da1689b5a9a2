import type { Logger } from 'pino';

/**
 * Graceful shutdown for a service process: on the first SIGINT or SIGTERM, runs `drain` (stop
 * taking work, finish what was taken, close connections), then exits. A second signal while
 * draining is ignored; a drain that throws is logged and the process exits all the same.
 */
export function onShutdownSignal(logger: Logger, drain: () => Promise<void>): void {
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, 'shutting down: draining');
      drain()
        .catch((error: unknown) => logger.error({ err: error }, 'error while draining'))
        .finally(() => process.exit(0));
    });
  }
}
