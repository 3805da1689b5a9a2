export { signUp } from './sign-up.ts';
export { verifyCredentials } from './verify-credentials.ts';
