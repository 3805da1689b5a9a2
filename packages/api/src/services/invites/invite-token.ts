import { createHash, randomBytes } from 'node:crypto';

/** Invite tokens: 32 random bytes shown once; only their SHA-256 is stored. */
export function newInviteToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
