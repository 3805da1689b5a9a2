import { router } from '../../init.ts';
import { subscribe } from './subscribe.ts';
import { unsubscribe } from './unsubscribe.ts';
import { vapidPublicKey } from './vapid-public-key.ts';

/** Web Push: the VAPID public key, and this browser's subscription. */
export const pushRouter = router({ vapidPublicKey, subscribe, unsubscribe });
