import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Services } from '@parley/api';
import { createWorkspace, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, signWebhook } from '../../../packages/api/src/webhooks/deliver-webhook.ts';
import { createWorkerHarness, waitFor, type WorkerHarness } from './testing/worker-harness.ts';

let h: WorkerHarness;
let database: TestDatabase;
let services: Services;
const servers: Server[] = [];

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local receiver that records requests and answers with `status`. */
async function receiver(status: number) {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return {
    got,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    port: (server.address() as AddressInfo).port,
  };
}

beforeAll(async () => {
  h = await createWorkerHarness({ webhookRetry: { attempts: 3, backoffMs: 50 } });
  ({ database, services } = h);
});
afterAll(async () => {
  for (const s of servers) s.close();
  await h.close();
});

describe('outgoing webhooks', () => {
  it('never connects to loopback or private addresses unless the workspace allows it', async () => {
    const r = await receiver(200);
    const refused = await deliverWebhook({
      url: r.url,
      secret: 's',
      body: '{}',
      allowPrivate: false,
    });
    expect(refused).toMatchObject({
      ok: false,
      status: null,
      error: expect.stringContaining('private or reserved'),
    });
    const byName = await deliverWebhook({
      url: `http://localhost:${r.port}/hook`,
      secret: 's',
      body: '{}',
      allowPrivate: false,
    });
    expect(byName.ok).toBe(false);
    expect(r.got).toHaveLength(0);
    expect(
      (await deliverWebhook({ url: r.url, secret: 's', body: '{}', allowPrivate: true })).ok,
    ).toBe(true);
    expect(r.got).toHaveLength(1);
  });

  it('delivers signed events through the queue, and dead-letters a receiver that keeps failing', async () => {
    const { workspace, ownerId, general } = await createWorkspace(database.db);
    await database.db.workspace.update({
      where: { id: workspace.id },
      data: { allowPrivateWebhookTargets: true },
    });
    const admin = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    const good = await receiver(200);
    const bad = await receiver(500);
    const { secret } = await services.webhooks.createOutgoingWebhook(admin, {
      name: 'good',
      url: good.url,
      events: ['message.created'],
    });
    const failing = await services.webhooks.createOutgoingWebhook(admin, {
      name: 'bad',
      url: bad.url,
    });
    const { message } = await services.messages.sendMessage(admin, {
      channelId: general.id,
      body: 'ship it',
    });

    await waitFor(() => good.got.length === 1, 'the signed delivery');
    const req = good.got[0]!;
    const ts = Number(req.headers['x-parley-timestamp']);
    expect(req.headers['x-parley-signature']).toBe(signWebhook(secret, ts, req.body));
    expect(JSON.parse(req.body)).toMatchObject({
      type: 'message.created',
      data: { message: { id: message.id, body: 'ship it' } },
    });

    await waitFor(
      async () =>
        (await database.db.webhookDelivery.findFirst({ where: { webhookId: failing.webhook.id } }))
          ?.status === 'dead',
      'the failing delivery to be dead-lettered',
    );
    const dead = await database.db.webhookDelivery.findFirstOrThrow({
      where: { webhookId: failing.webhook.id },
    });
    expect(dead).toMatchObject({ attempts: 3, responseStatus: 500 });
    expect(bad.got).toHaveLength(3);
    expect(good.got).toHaveLength(1); // delivered once, not again by retries of the other webhook
  });

  it('only lets admins manage webhooks, and refuses unsafe URLs', async () => {
    const { workspace, ownerId } = await createWorkspace(database.db);
    const admin = { kind: 'user' as const, id: ownerId, workspaceId: workspace.id };
    await expect(
      services.webhooks.createOutgoingWebhook(admin, { name: 'x', url: 'ftp://example.com' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const member = await database.db.user.create({
      data: { email: `m-${randomUUID()}@example.test`, displayName: 'M' },
    });
    await database.db.membership.create({
      data: { workspaceId: workspace.id, userId: member.id, role: 'member' },
    });
    await expect(
      services.webhooks.listOutgoingWebhooks({ ...admin, id: member.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const created = await services.webhooks.createOutgoingWebhook(admin, {
      name: 'ok',
      url: 'https://example.com/hook',
    });
    const listed = await services.webhooks.listOutgoingWebhooks(admin);
    expect(listed.map((w) => w.id)).toEqual([created.webhook.id]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
  });
});
