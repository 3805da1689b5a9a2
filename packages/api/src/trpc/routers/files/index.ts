import { router } from '../../init.ts';

export const filesRouter = router({});
