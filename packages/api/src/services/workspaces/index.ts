export { createWorkspace } from './create-workspace.ts';
export { getWorkspace } from './get-workspace.ts';
export { joinByEmailDomain } from './join-by-email-domain.ts';
export { listMyWorkspaces } from './list-my-workspaces.ts';
export { updateWorkspaceSettings } from './update-workspace-settings.ts';
