import { router } from '../../init.ts';
import { create } from './create.ts';
import { get } from './get.ts';
import { joinByEmailDomain } from './join-by-email-domain.ts';
import { list } from './list.ts';
import { updateSettings } from './update-settings.ts';

export const workspacesRouter = router({ create, list, get, updateSettings, joinByEmailDomain });
