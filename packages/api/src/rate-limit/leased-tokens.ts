import type { TokenBucket } from './token-bucket.ts';

export interface LeaseOptions {
  /** The most tokens one Redis call takes for a key. */
  maxTokens: number;
  /** Tokens taken and not spent within this long are dropped (they are gone from Redis too). */
  ttlMs: number;
  /**
   * Renewals ahead (see leasedTokens) wait this long for others to share their Redis call with;
   * 50 ms unless set.
   */
  aheadBatchMs?: number;
}

/** Takes up to `wants[i]` tokens for `keys[i]`, all in one Redis call; resolves to what each got. */
export type TakeMany = (keys: string[], wants: number[]) => Promise<number[]>;

interface Lease {
  tokens: number;
  expiresAt: number;
  /** How many tokens the last Redis call asked for. */
  size: number;
  /**
   * The Redis call under way for this key, if any: resolves to the tokens it got (null: a renewal
   * ahead failed, so ask again).
   */
  renewing: Promise<number | null> | null;
}

/** A lease asked for ahead, waiting for its shared call; `resolve` settles the lease's `renewing`. */
interface AheadRenewal {
  key: string;
  want: number;
  lease: Lease;
  resolve: (got: number | null) => void;
}

/** The most keys one renewal-ahead call carries. */
const MAX_KEYS_PER_CALL = 256;

/**
 * Spends tokens taken from the shared Redis bucket a few at a time, so a busy key costs one Redis
 * call per lease instead of one per take (the chat bench: ~1 CPU-s of the realtime node and ~0.7 of
 * Redis per 23k sends went to one call each).
 *
 * Every token spent was taken from Redis, so the limit across all processes is never looser than
 * the bucket's. It can be slightly stricter: tokens taken and not spent are stranded until they
 * lapse `ttlMs` after the call that took them, and nobody else can spend them meanwhile. A lease
 * starts at one token and doubles (up to `maxTokens`) only while the key spends each lease before
 * it expires, so a key that takes less often than once per `ttlMs` still costs one call per take
 * and strands nothing.
 *
 * From its second lease on, a key that keeps taking renews ahead: once half of a lease is spent,
 * the next (twice as large, up to `maxTokens`) is asked for in the background, and such renewals
 * of all keys within `aheadBatchMs` share one Redis call (each call wakes Redis, which costs the
 * caller more than the script does; the chat bench's 1,000 senders made ~150 calls a second, one
 * key each). A take that finds its lease empty while a renewal ahead is under way waits for it. So
 * a steady sender waits for Redis twice (its first two leases), and at most 1.5 × `maxTokens` of
 * its tokens are stranded per process.
 */
export function leasedTokens(
  takeMany: TakeMany,
  options: LeaseOptions,
  now: () => number = () => performance.now(),
): TokenBucket {
  const leases = new Map<string, Lease>();
  const aheadBatchMs = options.aheadBatchMs ?? 50;
  let takesSinceSweep = 0;
  /** Renewals ahead waiting for their shared call. */
  let ahead: AheadRenewal[] = [];
  let aheadTimer: NodeJS.Timeout | undefined;

  /** Forgets expired leases now and then, so keys that went quiet do not accumulate. */
  function sweep(): void {
    if (++takesSinceSweep < 1024) return;
    takesSinceSweep = 0;
    const t = now();
    for (const [key, lease] of leases)
      if (!lease.renewing && lease.expiresAt <= t) leases.delete(key);
  }

  /** Tokens a Redis call got, added to what is left unlapsed; all of them lapse ttlMs from now. */
  function credit(lease: Lease, got: number): void {
    if (now() >= lease.expiresAt) lease.tokens = 0;
    lease.tokens += got;
    lease.expiresAt = now() + options.ttlMs;
  }

  /** Asks Redis now, for a key whose lease is spent or lapsed. */
  function renew(lease: Lease, key: string): Promise<number> {
    const spentInTime = lease.size > 0 && now() < lease.expiresAt;
    lease.size = spentInTime ? Math.min(options.maxTokens, lease.size * 2) : 1;
    lease.tokens = 0;
    const renewing = takeMany([key], [lease.size])
      .then(([got = 0]) => {
        credit(lease, got);
        return got;
      })
      .finally(() => {
        lease.renewing = null;
      });
    lease.renewing = renewing;
    return renewing;
  }

  /** Queues the next lease (twice this one, at most maxTokens) for the next shared call. */
  function renewAhead(lease: Lease, key: string): void {
    const want = Math.min(options.maxTokens, lease.size * 2);
    lease.size = want;
    lease.renewing = new Promise<number | null>((resolve) =>
      ahead.push({ key, want, lease, resolve }),
    );
    aheadTimer ??= setTimeout(sendAhead, aheadBatchMs);
  }

  function sendAhead(): void {
    aheadTimer = undefined;
    const batch = ahead;
    ahead = [];
    for (let i = 0; i < batch.length; i += MAX_KEYS_PER_CALL) {
      const part = batch.slice(i, i + MAX_KEYS_PER_CALL);
      takeMany(
        part.map((a) => a.key),
        part.map((a) => a.want),
      ).then(
        (gots) => part.forEach((a, j) => settleAhead(a, gots[j] ?? 0)),
        // Failed: the tokens left are spent as usual; a take that finds none asks again itself.
        () => part.forEach((a) => settleAhead(a, null)),
      );
    }
  }

  function settleAhead(a: AheadRenewal, got: number | null): void {
    if (got !== null) credit(a.lease, got);
    a.lease.renewing = null;
    a.resolve(got);
  }

  return {
    async take(key) {
      sweep();
      let lease = leases.get(key);
      if (!lease) {
        lease = { tokens: 0, expiresAt: 0, size: 0, renewing: null };
        leases.set(key, lease);
      }
      for (;;) {
        if (lease.tokens > 0 && now() < lease.expiresAt) {
          lease.tokens--;
          if (lease.size >= 2 && lease.tokens <= lease.size / 2 && !lease.renewing)
            renewAhead(lease, key);
          return true;
        }
        // Wait for the call under way (its tokens may cover this take too), or make one. When a
        // call got nothing, the bucket is empty: refuse. A renewal ahead that failed: ask again.
        const got = await (lease.renewing ?? renew(lease, key));
        if (got === 0) return false;
      }
    },
  };
}
