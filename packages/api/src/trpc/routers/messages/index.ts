import { router } from '../../init.ts';
import { send } from './send.ts';

export const messagesRouter = router({ send });
