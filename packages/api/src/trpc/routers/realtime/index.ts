import { router } from '../../init.ts';

export const realtimeRouter = router({});
