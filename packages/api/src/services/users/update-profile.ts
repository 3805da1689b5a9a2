import { updateProfileInput, type UserDto } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { unauthorized } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { toUserDto } from './user-dto.ts';

/** Updates the signed-in user's name, status, avatar and timezone. */
export async function updateProfile(
  deps: ServiceDeps,
  userId: string,
  rawInput: unknown,
): Promise<UserDto> {
  const input = parseInput(updateProfileInput, rawInput);
  const user = await deps.db.user.findUnique({
    where: { id: userId },
    select: { deactivatedAt: true },
  });
  if (!user || user.deactivatedAt) throw unauthorized('this account is not available');
  return toUserDto(await deps.db.user.update({ where: { id: userId }, data: input }));
}
