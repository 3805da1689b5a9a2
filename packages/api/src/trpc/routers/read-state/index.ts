import { router } from '../../init.ts';

export const readStateRouter = router({});
