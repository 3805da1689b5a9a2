export { createServices, type Services } from './services/create-services.ts';
export type { ServiceDeps, EventsPort, Tx, DbOrTx } from './services/deps.ts';
export { noopEvents } from './services/deps.ts';
export * from './services/errors.ts';
export * from './services/access.ts';
export { parseInput } from './services/validation.ts';
export { writeOutbox } from './services/outbox/write-outbox.ts';
export { toMessageDto, messageInclude } from './services/messages/message-dto.ts';
