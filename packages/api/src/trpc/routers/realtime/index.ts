import { router } from '../../init.ts';
import { ticket } from './ticket.ts';

export const realtimeRouter = router({ ticket });
