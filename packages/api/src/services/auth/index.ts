export { findOrCreateSsoUser } from './find-or-create-sso-user.ts';
export { signUp } from './sign-up.ts';
export { verifyCredentials } from './verify-credentials.ts';
