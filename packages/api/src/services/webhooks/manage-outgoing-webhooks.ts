import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { id, type Actor } from '@parley/contracts';
import { assertWebhookUrl, UnsafeDestinationError } from '../../webhooks/safe-destination.ts';
import { requireAdmin } from '../access.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { ServiceDeps } from '../deps.ts';
import { badRequest, notFound } from '../errors.ts';
import { parseInput } from '../validation.ts';

export const createOutgoingWebhookInput = z.object({
  name: z.string().trim().min(1).max(80),
  url: z.url().max(2000),
  events: z
    .array(z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'event types look like message.created'))
    .max(30)
    .default([]),
  channelId: id.optional(),
});

const toDto = (w: {
  id: string;
  name: string;
  url: string;
  events: string[];
  channelId: string | null;
  active: boolean;
  createdAt: Date;
}) => ({
  id: w.id,
  name: w.name,
  url: w.url,
  events: w.events,
  channelId: w.channelId,
  active: w.active,
  createdAt: w.createdAt.toISOString(),
});

/** Admins add a webhook; its signing secret is returned this once. */
export async function createOutgoingWebhook(deps: ServiceDeps, actor: Actor, rawInput: unknown) {
  const input = parseInput(createOutgoingWebhookInput, rawInput);
  try {
    assertWebhookUrl(input.url);
  } catch (error) {
    if (error instanceof UnsafeDestinationError) throw badRequest(error.message);
    throw error;
  }
  return deps.db.$transaction(async (tx) => {
    const admin = await requireAdmin(tx, actor);
    if (
      input.channelId &&
      !(await tx.channel.findFirst({
        where: { id: input.channelId, workspaceId: actor.workspaceId },
      }))
    )
      throw notFound('channel');
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const webhook = await tx.outgoingWebhook.create({
      data: {
        workspaceId: actor.workspaceId,
        name: input.name,
        url: input.url,
        events: input.events,
        channelId: input.channelId ?? null,
        secret,
        createdById: admin.id,
      },
    });
    await writeAudit(tx, admin, 'webhook.created', {
      type: 'outgoing_webhook',
      id: webhook.id,
      metadata: { url: input.url },
    });
    return { webhook: toDto(webhook), secret };
  });
}

export async function listOutgoingWebhooks(deps: ServiceDeps, actor: Actor) {
  await requireAdmin(deps.db, actor);
  const rows = await deps.db.outgoingWebhook.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toDto);
}

export async function deleteOutgoingWebhook(deps: ServiceDeps, actor: Actor, rawInput: unknown) {
  const input = parseInput(z.object({ webhookId: id }), rawInput);
  return deps.db.$transaction(async (tx) => {
    const admin = await requireAdmin(tx, actor);
    const deleted = await tx.outgoingWebhook.deleteMany({
      where: { id: input.webhookId, workspaceId: actor.workspaceId },
    });
    if (deleted.count === 0) throw notFound('webhook');
    await writeAudit(tx, admin, 'webhook.deleted', {
      type: 'outgoing_webhook',
      id: input.webhookId,
    });
    return { webhookId: input.webhookId };
  });
}
