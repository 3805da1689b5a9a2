export { createTokenBucket, type TokenBucket } from './token-bucket.ts';
export type { LeaseOptions } from './leased-tokens.ts';
