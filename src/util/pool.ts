import pLimit from 'p-limit';

/**
 * Maps items through an async function with at most `limit` in flight; results keep input order
 * whatever order the calls finish in. p-limit does the queueing (arrival order, a slot passed
 * straight to the next waiter), so this file only fixes the order of the results.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const limited = pLimit(Math.max(1, limit));
  return Promise.all(items.map((item, i) => limited(() => fn(item, i))));
}
