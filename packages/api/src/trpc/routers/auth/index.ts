import { router } from '../../init.ts';
import { me } from './me.ts';
import { signUp } from './sign-up.ts';
import { updateProfile } from './update-profile.ts';

export const authRouter = router({ signUp, me, updateProfile });
