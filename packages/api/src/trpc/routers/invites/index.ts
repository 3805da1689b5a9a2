import { router } from '../../init.ts';

export const invitesRouter = router({});
