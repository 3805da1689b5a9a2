/** Blocks this process's event loop for `ms`, as a stalled node's would be (timers, I/O and all). */
export function stallEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}
