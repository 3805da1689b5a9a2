import { bindAll } from './bind.ts';
import type { ServiceDeps } from './deps.ts';
import * as audit from './audit/index.ts';
import * as auth from './auth/index.ts';
import * as channels from './channels/index.ts';
import * as files from './files/index.ts';
import * as history from './history/index.ts';
import * as invites from './invites/index.ts';
import * as members from './members/index.ts';
import * as messages from './messages/index.ts';
import * as notifications from './notifications/index.ts';
import * as push from './push/index.ts';
import * as readState from './read-state/index.ts';
import * as realtime from './realtime/index.ts';
import * as retention from './retention/index.ts';
import * as search from './search/index.ts';
import * as threads from './threads/index.ts';
import * as users from './users/index.ts';
import * as webhooks from './webhooks/index.ts';
import * as workspaces from './workspaces/index.ts';

/**
 * Builds the bound service layer once per composition root:
 * `const services = createServices(deps); await services.messages.sendMessage(actor, input)`.
 * Each context's index.ts lists its operations.
 */
export function createServices(deps: ServiceDeps) {
  return {
    deps,
    audit: bindAll(deps, audit),
    auth: bindAll(deps, auth),
    channels: bindAll(deps, channels),
    files: bindAll(deps, files),
    history: bindAll(deps, history),
    invites: bindAll(deps, invites),
    members: bindAll(deps, members),
    messages: bindAll(deps, messages),
    notifications: bindAll(deps, notifications),
    push: bindAll(deps, push),
    readState: bindAll(deps, readState),
    realtime: bindAll(deps, realtime),
    retention: bindAll(deps, retention),
    search: bindAll(deps, search),
    threads: bindAll(deps, threads),
    users: bindAll(deps, users),
    webhooks: bindAll(deps, webhooks),
    workspaces: bindAll(deps, workspaces),
  };
}

export type Services = ReturnType<typeof createServices>;
