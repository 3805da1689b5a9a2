export { recordMessageNotifications } from './record-message-notifications.ts';
export { getNotificationPrefs, setNotificationPrefs } from './notification-prefs.ts';
export { findEmailDigestCandidates, claimEmailDigest, releaseEmailDigest } from './email-digest.ts';
export type { EmailDigest, EmailDigestItem } from './email-digest.ts';
