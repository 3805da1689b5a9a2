import type { z } from 'zod';
import { badRequest } from './errors.ts';

/** Parses service input; any mismatch becomes a BAD_REQUEST naming the offending field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  throw badRequest(`${where}${first?.message ?? 'invalid input'}`, result.error.issues);
}
