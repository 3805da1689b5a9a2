import { router } from '../../init.ts';
import { addReaction } from './add-reaction.ts';
import { deleteMessage } from './delete-message.ts';
import { edit } from './edit.ts';
import { history } from './history.ts';
import { pin } from './pin.ts';
import { pins } from './pins.ts';
import { removeReaction } from './remove-reaction.ts';
import { send } from './send.ts';
import { thread } from './thread.ts';
import { unpin } from './unpin.ts';

export const messagesRouter = router({
  send,
  edit,
  delete: deleteMessage,
  addReaction,
  removeReaction,
  pin,
  unpin,
  pins,
  history,
  thread,
});
