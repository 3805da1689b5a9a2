export { listSocketRooms } from './list-socket-rooms.ts';
export { issueRealtimeTicket, verifyRealtimeTicket } from './realtime-ticket.ts';
export { syncChannels } from './sync-channels.ts';
