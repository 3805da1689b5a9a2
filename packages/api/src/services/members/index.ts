export { changeRole } from './change-role.ts';
export { listMembers } from './list-members.ts';
export { deactivateMember, reactivateMember } from './set-member-active.ts';
