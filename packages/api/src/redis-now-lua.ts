/**
 * A Lua line for Parley's Redis scripts: `local <name> =` Redis's own time in milliseconds (TIME,
 * read once), so that callers whose clocks disagree still agree on when things happen.
 */
export function luaRedisNowMs(name: string): string {
  return `local ${name}
do
  local time = redis.call('TIME')
  ${name} = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end`;
}
