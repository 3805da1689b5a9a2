import { router } from '../../init.ts';
import { messages } from './messages.ts';

export const searchRouter = router({ messages });
