import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far by each PostgreSQL and Redis process on this machine (Linux /proc), by pid. */
export function storesCpu(): Map<string, { store: 'postgres' | 'redis'; seconds: number }> {
  const ticks = 100; // USER_HZ on Linux
  const out = new Map<string, { store: 'postgres' | 'redis'; seconds: number }>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres' && comm !== 'redis-server') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / ticks; // utime + stime
      out.set(pid, { store: comm === 'postgres' ? 'postgres' : 'redis', seconds });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** CPU used since `before` by the processes alive now (new ones count from zero). */
export function storesCpuSince(before: ReturnType<typeof storesCpu>): {
  postgres: number;
  redis: number;
} {
  const total = { postgres: 0, redis: 0 };
  for (const [pid, { store, seconds }] of storesCpu())
    total[store] += seconds - (before.get(pid)?.seconds ?? 0);
  return total;
}
