import { router } from '../../init.ts';
import { addMembers } from './add-members.ts';
import { archive } from './archive.ts';
import { browse } from './browse.ts';
import { create } from './create.ts';
import { get } from './get.ts';
import { join } from './join.ts';
import { leave } from './leave.ts';
import { members } from './members.ts';
import { mine } from './mine.ts';
import { openDm } from './open-dm.ts';
import { removeMember } from './remove-member.ts';
import { rename } from './rename.ts';
import { setPrefs } from './set-prefs.ts';
import { setTopic } from './set-topic.ts';
import { unarchive } from './unarchive.ts';

export const channelsRouter = router({
  create,
  browse,
  mine,
  join,
  leave,
  addMembers,
  removeMember,
  archive,
  unarchive,
  rename,
  setTopic,
  setPrefs,
  openDm,
  get,
  members,
});
