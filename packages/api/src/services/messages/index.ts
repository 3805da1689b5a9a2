export { deleteMessage } from './delete-message.ts';
export { editMessage } from './edit-message.ts';
export { listPins, pinMessage, unpinMessage } from './pins.ts';
export { drainSends } from './send-queue.ts';
export { addReaction, removeReaction } from './reactions.ts';
export { sendMessage } from './send-message.ts';
