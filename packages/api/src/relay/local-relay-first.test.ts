import { describe, expect, it } from 'vitest';
import { localRelayFirst } from './events-port.ts';

describe('localRelayFirst', () => {
  it('wakes the hosted relay while it leads, and the relays elsewhere otherwise', () => {
    const calls: string[] = [];
    let leads = true;
    const port = localRelayFirst({ committed: () => calls.push('redis') });
    port.committed(); // nothing hosted yet
    port.use({ leading: () => leads, wake: () => calls.push('local') });
    port.committed();
    leads = false;
    port.committed();
    port.use(null);
    leads = true;
    port.committed();
    expect(calls).toEqual(['redis', 'local', 'redis', 'redis']);
  });
});
