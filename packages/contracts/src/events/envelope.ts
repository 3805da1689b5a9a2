import { z } from 'zod';
import { id, isoDate } from '../common.ts';

/** Every domain event travels in this envelope (outbox row → relay → sockets, queues, webhooks). */
export function eventSchema<TType extends string, TPayload extends z.ZodType>(
  type: TType,
  payload: TPayload,
) {
  return z.object({
    eventId: id,
    type: z.literal(type),
    version: z.literal(1),
    workspaceId: id,
    channelId: id.nullable(),
    occurredAt: isoDate,
    payload,
  });
}
