import type { Services } from '../services/create-services.ts';

export const DEMO_PASSWORD = 'parley-demo';
const people = [
  { email: 'ada@parley.local', displayName: 'Ada Lovelace' },
  { email: 'alan@parley.local', displayName: 'Alan Turing' },
  { email: 'grace@parley.local', displayName: 'Grace Hopper' },
] as const;

export interface DemoWorkspace {
  workspaceId: string;
  workspaceName: string;
  users: { email: string; password: string; displayName: string }[];
  created: boolean;
}

/**
 * Creates the demo workspace `demo` with three people, public and private channels, a DM, a
 * thread and reactions — through the real services, so it is exactly what users would produce.
 * Idempotent: when the workspace exists nothing is written.
 */
export async function seedDemoWorkspace(services: Services): Promise<DemoWorkspace> {
  const db = services.deps.db;
  const users = people.map((p) => ({ ...p, password: DEMO_PASSWORD }));
  const existing = await db.workspace.findUnique({ where: { slug: 'demo' } });
  if (existing)
    return { workspaceId: existing.id, workspaceName: existing.name, users, created: false };

  const ids: string[] = [];
  for (const p of people) {
    const found = await db.user.findUnique({ where: { email: p.email } });
    ids.push(found ? found.id : (await services.auth.signUp({ ...p, password: DEMO_PASSWORD })).id);
  }
  const [ada, alan, grace] = ids as [string, string, string];
  const ws = await services.workspaces.createWorkspace(ada, { name: 'Parley Demo', slug: 'demo' });
  const as = (id: string) => ({ kind: 'user' as const, id, workspaceId: ws.id });
  const { token } = await services.invites.createInvite(as(ada), { role: 'member', maxUses: 10 });
  await services.invites.acceptInvite(alan, { token });
  await services.invites.acceptInvite(grace, { token });
  await services.members.changeRole(as(ada), { userId: grace, role: 'admin' });

  const general = (await services.channels.listMyChannels(as(ada))).find(
    (c) => c.name === 'general',
  )!;
  const random = await services.channels.createChannel(as(alan), {
    name: 'random',
    topic: 'Non-work banter',
    memberIds: [ada, grace],
  });
  const engineering = await services.channels.createChannel(as(grace), {
    name: 'engineering',
    topic: 'Compilers, engines and everything in between',
    memberIds: [ada, alan],
  });
  const secret = await services.channels.createChannel(as(ada), {
    name: 'leadership',
    kind: 'private',
    memberIds: [grace],
  });
  const dm = await services.channels.openDm(as(ada), { userIds: [alan] });

  const say = (user: string, channelId: string, body: string, threadRootId?: string) =>
    services.messages
      .sendMessage(as(user), { channelId, body, threadRootId })
      .then((r) => r.message);

  await say(
    ada,
    general.id,
    'Welcome to **Parley**! This is the demo workspace — try a thread, a reaction or `Ctrl+K`.',
  );
  await say(alan, general.id, `Thanks <@${ada}>! Happy to be here.`);
  const q = await say(
    grace,
    general.id,
    'Who is up for a review of the new compiler pipeline on Thursday?',
  );
  await say(ada, general.id, 'Count me in.', q.id);
  await say(alan, general.id, 'Same — I will bring the benchmarks.', q.id);
  await services.messages.addReaction(as(ada), { messageId: q.id, emoji: '👍' });
  await services.messages.addReaction(as(alan), { messageId: q.id, emoji: '👍' });
  await say(
    grace,
    engineering.id,
    'Reminder: every message is durable before it is acknowledged. No exceptions.',
  );
  await say(
    alan,
    engineering.id,
    '```ts\nconst seq = channel.lastSeq + 1; // under a row lock\n```',
  );
  const pin = await say(
    ada,
    engineering.id,
    'Style guide: small files, names that say what they do, tests against the real database.',
  );
  await services.messages.pinMessage(as(grace), { messageId: pin.id });
  await say(alan, random.id, 'Has anyone seen my coffee mug? It says "halt" on it.');
  await say(grace, random.id, 'It was in the machine room. Of course.');
  await say(ada, secret.id, 'Planning notes for next quarter go here.');
  await say(alan, dm.id, 'Hi Ada, do you have a minute to look at the analytical engine notes?');
  await say(ada, dm.id, 'Always. Send them over.');
  return { workspaceId: ws.id, workspaceName: ws.name, users, created: true };
}
