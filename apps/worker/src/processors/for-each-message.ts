/**
 * Runs `work` for every message of a batch job, a few at a time. Every message is attempted even
 * when some fail; the job then fails as a whole and its retry repeats the batch, which is safe
 * because each message's work is idempotent.
 */
export async function forEachMessage<T>(
  messageIds: string[],
  work: (messageId: string) => Promise<T>,
  concurrency = 4,
): Promise<T[]> {
  const results: T[] = [];
  const errors: unknown[] = [];
  for (let i = 0; i < messageIds.length; i += concurrency) {
    const settled = await Promise.allSettled(messageIds.slice(i, i + concurrency).map(work));
    for (const s of settled) {
      if (s.status === 'fulfilled') results.push(s.value);
      else errors.push(s.reason);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1)
    throw new AggregateError(errors, `${errors.length} of ${messageIds.length} messages failed`);
  return results;
}
