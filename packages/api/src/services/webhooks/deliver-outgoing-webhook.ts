import { z } from 'zod';
import { id, type DomainEvent } from '@parley/contracts';
import { deliverWebhook } from '../../webhooks/deliver-webhook.ts';
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

/** The webhooks that want an event: active, subscribed to its type (or to all), matching its channel. */
export async function webhookTargetsFor(
  deps: ServiceDeps,
  event: Pick<DomainEvent, 'type' | 'workspaceId' | 'channelId'>,
): Promise<string[]> {
  const channel = event.channelId
    ? await deps.db.channel.findUnique({ where: { id: event.channelId }, select: { kind: true } })
    : null;
  const hooks = await deps.db.outgoingWebhook.findMany({
    where: { workspaceId: event.workspaceId, active: true },
    select: { id: true, events: true, channelId: true },
  });
  return (
    hooks
      .filter((h) => h.events.length === 0 || h.events.includes(event.type))
      // Unscoped webhooks see public channels and workspace events only; private conversations need an explicit channel.
      .filter((h) =>
        h.channelId ? h.channelId === event.channelId : !channel || channel.kind === 'public',
      )
      .map((h) => h.id)
  );
}
