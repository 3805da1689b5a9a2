import { router } from '../../init.ts';
import { accept } from './accept.ts';
import { create } from './create.ts';
import { list } from './list.ts';
import { preview } from './preview.ts';
import { revoke } from './revoke.ts';

export const invitesRouter = router({ create, accept, preview, revoke, list });
