/** A process for on-shutdown-signal.integration-test.ts: registers the handler and waits. */
import { pino } from 'pino';
import { onShutdownSignal } from '../on-shutdown-signal.ts';

const logger = pino({ level: 'info' });
onShutdownSignal(logger, async () => {
  console.log('drain started');
  await new Promise((r) => setTimeout(r, 200));
  if (process.argv[2] === 'fail') throw new Error('drain failed on purpose');
  console.log('drain finished');
});
setInterval(() => undefined, 1000);
console.log('ready');
