/**
 * Polls `condition` every few milliseconds until it holds, failing after `withinMs` with `what` in the
 * message: for state that settles when a socket event arrives (a proxy noticing an aborted request),
 * never a fixed sleep.
 */
export async function eventually(condition: () => boolean, what: string, withinMs = 2000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
