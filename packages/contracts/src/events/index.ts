import { z } from 'zod';
import {
  channelArchivedEvent,
  channelCreatedEvent,
  channelMemberJoinedEvent,
  channelMemberLeftEvent,
  channelUpdatedEvent,
  memberDeactivatedEvent,
  memberJoinedEvent,
  memberRoleChangedEvent,
  readUpdatedEvent,
} from './channel.events.ts';
import {
  messageCreatedEvent,
  messageDeletedEvent,
  messagePinnedEvent,
  messageUnpinnedEvent,
  messageUpdatedEvent,
  reactionAddedEvent,
  reactionRemovedEvent,
  threadUpdatedEvent,
} from './message.events.ts';
import { fileUpdatedEvent } from './file.events.ts';

export * from './channel.events.ts';
export * from './file.events.ts';
export * from './message.events.ts';
export { eventSchema } from './envelope.ts';
export * from './relayed-batch.ts';

export const domainEvent = z.discriminatedUnion('type', [
  messageCreatedEvent,
  messageUpdatedEvent,
  messageDeletedEvent,
  threadUpdatedEvent,
  reactionAddedEvent,
  reactionRemovedEvent,
  messagePinnedEvent,
  messageUnpinnedEvent,
  channelCreatedEvent,
  channelUpdatedEvent,
  channelArchivedEvent,
  channelMemberJoinedEvent,
  channelMemberLeftEvent,
  memberRoleChangedEvent,
  memberDeactivatedEvent,
  memberJoinedEvent,
  readUpdatedEvent,
  fileUpdatedEvent,
]);
export type DomainEvent = z.infer<typeof domainEvent>;
export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
/** What a service hands the outbox: the envelope minus what the outbox fills in. */
export type NewDomainEvent = {
  [K in DomainEventType]: Omit<DomainEventOf<K>, 'eventId' | 'version' | 'occurredAt'>;
}[DomainEventType];
