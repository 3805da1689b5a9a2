import { router } from '../../init.ts';

export const workspacesRouter = router({});
