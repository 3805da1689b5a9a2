import { z } from 'zod';
import { id, type DomainEvent } from '@parley/contracts';
import { deliverWebhook } from '../../webhooks/deliver-webhook.ts';
import { pgPoolOf } from '@parley/db';
import type { ServiceDeps } from '../deps.ts';
import { parseInput } from '../validation.ts';

export const deliverOutgoingWebhookInput = z.object({
  webhookId: id,
  eventId: id,
  finalAttempt: z.boolean().default(false),
});

export class WebhookDeliveryFailed extends Error {
  override name = 'WebhookDeliveryFailed';
}

/**
 * Delivers one event to one webhook and records the attempt. Throws on failure so the queue retries
 * with backoff; on the final attempt the delivery is marked dead (visible to admins). Delivering an
 * already delivered event is a no-op, so retries after a crash do not double-post.
 */
export async function deliverOutgoingWebhook(
  deps: ServiceDeps,
  rawInput: unknown,
): Promise<{ status: string }> {
  const input = parseInput(deliverOutgoingWebhookInput, rawInput);
  const webhook = await deps.db.outgoingWebhook.findUnique({
    where: { id: input.webhookId },
    include: { workspace: true },
  });
  const event = await deps.db.outboxEvent.findUnique({ where: { eventId: input.eventId } });
  if (!webhook?.active || !event || event.workspaceId !== webhook.workspaceId)
    return { status: 'skipped' };
  const delivery = await deps.db.webhookDelivery.upsert({
    where: { webhookId_eventId: { webhookId: webhook.id, eventId: input.eventId } },
    create: { webhookId: webhook.id, eventId: input.eventId },
    update: {},
  });
  if (delivery.status === 'delivered' || delivery.status === 'dead')
    return { status: delivery.status };
  const payload = event.payload as DomainEvent;
  const result = await deliverWebhook({
    url: webhook.url,
    secret: webhook.secret,
    body: JSON.stringify({
      id: payload.eventId,
      type: payload.type,
      workspaceId: payload.workspaceId,
      channelId: payload.channelId,
      occurredAt: payload.occurredAt,
      data: payload.payload,
    }),
    allowPrivate: webhook.workspace.allowPrivateWebhookTargets,
  });
  const status = result.ok ? 'delivered' : input.finalAttempt ? 'dead' : 'failed';
  await deps.db.webhookDelivery.update({
    where: { id: delivery.id },
    data: {
      status,
      attempts: { increment: 1 },
      responseStatus: result.status,
      lastError: result.error,
      deliveredAt: result.ok ? deps.clock() : null,
    },
  });
  if (!result.ok) throw new WebhookDeliveryFailed(result.error ?? 'delivery failed');
  return { status };
}

type TargetEvent = Pick<DomainEvent, 'type' | 'workspaceId' | 'channelId'>;

/** The webhooks that want an event: active, subscribed to its type (or to all), matching its channel. */
export async function webhookTargetsFor(deps: ServiceDeps, event: TargetEvent): Promise<string[]> {
  return (await webhookTargetsForEvents(deps, [event]))[0] ?? [];
}

/**
 * webhookTargetsFor for a whole relayed batch in at most two queries (the relay calls this for
 * every batch, so it must not cost a query per event): one entry per event, in order.
 */
export async function webhookTargetsForEvents(
  deps: ServiceDeps,
  events: TargetEvent[],
): Promise<string[][]> {
  // Named prepared statements on the pool: the relay runs this for every batch, however small.
  const pool = pgPoolOf(deps.db);
  const workspaceIds = [...new Set(events.map((e) => e.workspaceId))];
  const { rows: hooks } = await pool.query<{
    id: string;
    workspaceId: string;
    events: string[];
    channelId: string | null;
  }>({
    name: 'parley_active_webhooks',
    text: `SELECT id::text, "workspaceId"::text, events, "channelId"::text FROM outgoing_webhooks
           WHERE "workspaceId" = ANY($1::uuid[]) AND active`,
    values: [workspaceIds],
  });
  if (hooks.length === 0) return events.map(() => []);
  const hooked = new Set(hooks.map((h) => h.workspaceId));
  const channelIds = [
    ...new Set(
      events.flatMap((e) => (e.channelId && hooked.has(e.workspaceId) ? [e.channelId] : [])),
    ),
  ];
  const { rows: channels } = await pool.query<{ id: string; kind: string }>({
    name: 'parley_channel_kinds',
    text: 'SELECT id::text, kind::text FROM channels WHERE id = ANY($1::uuid[])',
    values: [channelIds],
  });
  const kinds = new Map(channels.map((c) => [c.id, c.kind]));
  return events.map((event) => {
    const kind = event.channelId ? kinds.get(event.channelId) : undefined;
    return (
      hooks
        .filter((h) => h.workspaceId === event.workspaceId)
        .filter((h) => h.events.length === 0 || h.events.includes(event.type))
        // Unscoped webhooks see public channels and workspace events only; private conversations need an explicit channel.
        .filter((h) =>
          h.channelId ? h.channelId === event.channelId : !event.channelId || kind === 'public',
        )
        .map((h) => h.id)
    );
  });
}
