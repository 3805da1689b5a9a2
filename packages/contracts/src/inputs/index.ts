export * from './channels.inputs.ts';
export * from './messages.inputs.ts';
export * from './workspaces.inputs.ts';
export * from './notifications.inputs.ts';
