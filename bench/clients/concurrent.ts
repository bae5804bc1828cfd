/**
 * Runs `call(0) .. call(n - 1)` with at most `concurrency` in flight (that many async loops, as
 * Promise-based code does) and resolves to the sum of what the calls resolve to.
 */
export async function concurrently(n: number, concurrency: number, call: (index: number) => Promise<number>): Promise<number> {
  let next = 0;
  let total = 0;
  const loop = async () => {
    while (next < n) {
      const value = await call(next++);
      total += value;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, loop));
  return total;
}

/** Resolves after `ms` milliseconds: the slow consumer's work on one page. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** BatchWriteItem takes at most 25 puts a request. */
export const BATCH_SIZE = 25;
