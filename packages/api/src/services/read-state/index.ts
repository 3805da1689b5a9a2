export { getChannelUnread } from './get-channel-unread.ts';
export { getSidebar } from './get-sidebar.ts';
export { markRead } from './mark-read.ts';
