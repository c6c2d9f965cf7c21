/**
 * The value for (owner, key), computed by `compute` on first request and remembered in `cache`, which holds it
 * only as long as `owner` lives (a WeakMap of Maps). For derived data of immutable objects: padded grids of an
 * ROI, hashes of a voxel buffer.
 *
 * @example
 * const squares = new WeakMap<number[], Map<number, number>>();
 * memoPer(squares, list, 3, () => list[3] ** 2);
 */
export function memoPer<O extends object, K, V>(cache: WeakMap<O, Map<K, V>>, owner: O, key: K, compute: () => V): V {
  let byKey = cache.get(owner);
  if (!byKey) cache.set(owner, (byKey = new Map()));
  if (byKey.has(key)) return byKey.get(key) as V;
  const value = compute();
  byKey.set(key, value);
  return value;
}
