import { signUpInput, type UserDto } from '@parley/contracts';
import { hash } from 'argon2';
import type { ServiceDeps } from '../deps.ts';
import { conflict } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { toUserDto } from '../users/user-dto.ts';

export const ARGON2_OPTIONS = { type: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 }; // argon2id, OWASP minimum

/** Creates an account. Emails are unique case-insensitively; passwords are stored as argon2id hashes. */
export async function signUp(deps: ServiceDeps, rawInput: unknown): Promise<UserDto> {
  const input = parseInput(signUpInput, rawInput);
  const existing = await deps.db.user.findUnique({
    where: { email: input.email },
    select: { id: true },
  });
  if (existing) throw conflict('an account with this email already exists');
  const passwordHash = await hash(input.password, ARGON2_OPTIONS);
  try {
    const user = await deps.db.user.create({
      data: { email: input.email, displayName: input.displayName, passwordHash },
    });
    return toUserDto(user);
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002')
      throw conflict('an account with this email already exists');
    throw error;
  }
}
