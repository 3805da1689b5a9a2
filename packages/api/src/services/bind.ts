import type { ServiceDeps } from './deps.ts';

/** A service with its deps already applied: `(actor, input)` (or whatever follows deps). */
export type Bound<F> = F extends (deps: ServiceDeps, ...args: infer A) => infer R
  ? (...args: A) => R
  : never;
export type BoundAll<T> = { [K in keyof T]: Bound<T[K]> };

/** Applies deps to every service function of a context module. */
export function bindAll<T extends Record<string, (deps: ServiceDeps, ...args: never[]) => unknown>>(
  deps: ServiceDeps,
  fns: T,
): BoundAll<T> {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(fns)) {
    out[name] = (...args: never[]) => fn(deps, ...args);
  }
  return out as BoundAll<T>;
}
