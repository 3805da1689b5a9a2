export { acceptInvite } from './accept-invite.ts';
export { createInvite } from './create-invite.ts';
export { listInvites } from './list-invites.ts';
export { previewInvite } from './preview-invite.ts';
export { revokeInvite } from './revoke-invite.ts';
