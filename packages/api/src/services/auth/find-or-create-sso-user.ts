import { z } from 'zod';
import { displayName, email } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { unauthorized } from '../errors.ts';
import { parseInput } from '../validation.ts';

export const ssoUserInput = z.object({ email, displayName: displayName.catch('User') });

/**
 * After the identity provider has verified an email, find the account with it or create one
 * without a password. Deactivated accounts stay out.
 */
export async function findOrCreateSsoUser(deps: ServiceDeps, rawInput: unknown): Promise<string> {
  const input = parseInput(ssoUserInput, rawInput);
  const user = await deps.db.user.upsert({
    where: { email: input.email },
    update: {},
    create: { email: input.email, displayName: input.displayName },
  });
  if (user.deactivatedAt) throw unauthorized('this account is deactivated');
  return user.id;
}
