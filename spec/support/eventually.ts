/**
 * Polls `condition` every few milliseconds until it holds, failing after `withinMs` with `what` in the
 * message: for state that settles when a socket event arrives (a proxy noticing an aborted request), or
 * that a server holds (an asynchronous `condition` reads it), never a fixed sleep. The default limit is generous (a loaded 2-core CI machine can take seconds to
 * answer what takes milliseconds alone): it costs time only when the condition never holds.
 */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
