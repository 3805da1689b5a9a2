import { router } from '../../init.ts';

export const channelsRouter = router({});
