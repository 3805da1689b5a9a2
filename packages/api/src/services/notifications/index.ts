export { recordMessageNotifications } from './record-message-notifications.ts';
