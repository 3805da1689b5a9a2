import { router } from './init.ts';
import { adminRouter } from './routers/admin/index.ts';
import { authRouter } from './routers/auth/index.ts';
import { channelsRouter } from './routers/channels/index.ts';
import { filesRouter } from './routers/files/index.ts';
import { invitesRouter } from './routers/invites/index.ts';
import { membersRouter } from './routers/members/index.ts';
import { messagesRouter } from './routers/messages/index.ts';
import { notificationsRouter } from './routers/notifications/index.ts';
import { pushRouter } from './routers/push/index.ts';
import { readStateRouter } from './routers/read-state/index.ts';
import { realtimeRouter } from './routers/realtime/index.ts';
import { searchRouter } from './routers/search/index.ts';
import { threadsRouter } from './routers/threads/index.ts';
import { workspacesRouter } from './routers/workspaces/index.ts';

/** The tRPC API mounted by apps/web at /api/trpc. Each context owns its router folder. */
export const appRouter = router({
  auth: authRouter,
  workspaces: workspacesRouter,
  invites: invitesRouter,
  members: membersRouter,
  channels: channelsRouter,
  messages: messagesRouter,
  readState: readStateRouter,
  realtime: realtimeRouter,
  files: filesRouter,
  search: searchRouter,
  admin: adminRouter,
  threads: threadsRouter,
  push: pushRouter,
  notifications: notificationsRouter,
});

export type AppRouter = typeof appRouter;
