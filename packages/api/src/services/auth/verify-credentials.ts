import { signInInput, type UserDto } from '@parley/contracts';
import { hash, verify } from 'argon2';
import type { ServiceDeps } from '../deps.ts';
import { unauthorized } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { toUserDto } from '../users/user-dto.ts';
import { ARGON2_OPTIONS } from './sign-up.ts';

let dummyHash: Promise<string> | undefined;
const WRONG = 'wrong email or password';

/**
 * Checks an email and password. Unknown emails still cost one argon2 verification, so response
 * time does not reveal which emails have accounts. Deactivated users cannot sign in.
 */
export async function verifyCredentials(deps: ServiceDeps, rawInput: unknown): Promise<UserDto> {
  const input = parseInput(signInInput, rawInput);
  const user = await deps.db.user.findUnique({ where: { email: input.email } });
  if (!user?.passwordHash) {
    dummyHash ??= hash('parley-dummy-password', ARGON2_OPTIONS);
    await verify(await dummyHash, input.password);
    throw unauthorized(WRONG);
  }
  if (!(await verify(user.passwordHash, input.password))) throw unauthorized(WRONG);
  if (user.deactivatedAt) throw unauthorized('this account is deactivated');
  return toUserDto(user);
}
