import { bindAll } from './bind.ts';
import type { ServiceDeps } from './deps.ts';
import * as messages from './messages/index.ts';

/**
 * Builds the bound service layer once per composition root:
 * `const services = createServices(deps); await services.messages.sendMessage(actor, input)`.
 * Each context's index.ts lists its operations.
 */
export function createServices(deps: ServiceDeps) {
  return {
    deps,
    messages: bindAll(deps, messages),
  };
}

export type Services = ReturnType<typeof createServices>;
