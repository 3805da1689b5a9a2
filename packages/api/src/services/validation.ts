import type { z } from 'zod';
import { badRequest } from './errors.ts';

/**
 * Parses service input; any mismatch becomes a BAD_REQUEST naming the offending field. So does a
 * NUL character in any text: PostgreSQL cannot store one, and would fail the whole statement.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) {
    const nul = pathOfNul(result.data);
    if (nul) throw badRequest(`${fieldPrefix(nul)}text cannot contain NUL characters`);
    return result.data;
  }
  const first = result.error.issues[0];
  throw badRequest(
    `${fieldPrefix(first?.path ?? [])}${first?.message ?? 'invalid input'}`,
    result.error.issues,
  );
}

/** "a.b: " naming the field at `path`, or nothing for the input as a whole. */
function fieldPrefix(path: readonly PropertyKey[]): string {
  return path.length > 0 ? `${path.map(String).join('.')}: ` : '';
}

/** The path to the first string holding U+0000, or null. */
function pathOfNul(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfNul(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, v] of Object.entries(value)) {
      const found = pathOfNul(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
