import { router } from '../../init.ts';
import { changeRole } from './change-role.ts';
import { deactivate } from './deactivate.ts';
import { list } from './list.ts';
import { reactivate } from './reactivate.ts';

export const membersRouter = router({ list, changeRole, deactivate, reactivate });
