/**
 * Runs `fn` on every item with at most `limit` calls in flight and returns the results in the items' order,
 * whatever order they finish in. Useful where each call mostly waits (worker threads, I/O), so a second call can
 * use the main thread meanwhile. The first rejection is thrown once every started call has settled.
 *
 * @example
 * const sizes = await mapConcurrent(files, 2, async (f) => (await stat(f)).size, (done) => bar.update(done));
 */
export async function mapConcurrent<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>, onDone?: (done: number, total: number) => void): Promise<R[]> {
  if (!(Number.isInteger(limit) && limit >= 1)) throw new Error(`mapConcurrent: limit must be a positive integer, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0, done = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (error) {
        failure ??= { error };
        return;
      }
      onDone?.(++done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
  return results;
}
