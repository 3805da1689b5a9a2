export { subscribePush, unsubscribePush, getVapidPublicKey } from './subscriptions.ts';
export {
  claimPushDeliveries,
  releasePushDeliveries,
  removePushSubscription,
} from './push-deliveries.ts';
export type { PushDelivery } from './push-deliveries.ts';
export type { PushConfig } from './push-config.ts';
