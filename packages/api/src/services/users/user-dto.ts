import type { UserDto } from '@parley/contracts';
import type { User } from '@parley/db';

export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    avatarUrl: u.avatarUrl,
    statusText: u.statusText,
    statusEmoji: u.statusEmoji,
  };
}
