import type { UserDto } from '@parley/contracts';
import type { ServiceDeps } from '../deps.ts';
import { unauthorized } from '../errors.ts';
import { toUserDto } from './user-dto.ts';

/** The signed-in user's own profile. */
export async function getMe(deps: ServiceDeps, userId: string): Promise<UserDto> {
  const user = await deps.db.user.findUnique({ where: { id: userId } });
  if (!user || user.deactivatedAt) throw unauthorized('this account is not available');
  return toUserDto(user);
}
