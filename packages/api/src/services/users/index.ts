export { getMe } from './get-me.ts';
export { updateProfile } from './update-profile.ts';
