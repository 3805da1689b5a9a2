import { router } from '../../init.ts';
import { markRead } from './mark-read.ts';
import { sidebar } from './sidebar.ts';

export const readStateRouter = router({ markRead, sidebar });
