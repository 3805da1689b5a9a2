import { router } from '../../init.ts';
import { prefs } from './prefs.ts';
import { setPrefs } from './set-prefs.ts';

/** The caller's notification delivery preferences (email digests). */
export const notificationsRouter = router({ prefs, setPrefs });
