/**
 * A hierarchical clustering as R's hclust (and `hclust` in src/stats) returns it: merge rows with negative
 * entries for leaves (-i, 1-based) and positive ones for earlier steps; `order` lists leaves (1-based) left to right.
 */
export interface ClusterTree {
  merge: [number, number][];
  height: number[];
  order: number[];
}

/** 0-based leaf indices in dendrogram order. */
export function leafOrder(tree: ClusterTree): number[] {
  return tree.order.map((i) => i - 1);
}

/**
 * Line segments of a dendrogram drawn as R's plot.hclust does: each merge is a U joining its two children
 * at the merge height; leaves sit at positions 0..n-1 in `tree.order`.
 * Returns x/y arrays with `null` separators, ready for one plotly scatter trace.
 *
 * @example
 * dendrogramSegments({ merge: [[-1, -2]], height: [1], order: [1, 2] }); // { x: [0,0,1,1,null], y: [0,1,1,0,null] }
 */
export function dendrogramSegments(tree: ClusterTree): { x: (number | null)[]; y: (number | null)[] } {
  const leafPos = new Map<number, number>();
  leafOrder(tree).forEach((leaf, pos) => leafPos.set(leaf, pos));
  const pos: number[] = [];
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  const node = (id: number): { p: number; h: number } =>
    id < 0 ? { p: leafPos.get(-id - 1)!, h: 0 } : { p: pos[id - 1], h: tree.height[id - 1] };
  tree.merge.forEach(([a, b], i) => {
    const left = node(a);
    const right = node(b);
    const h = tree.height[i];
    x.push(left.p, left.p, right.p, right.p, null);
    y.push(left.h, h, h, right.h, null);
    pos[i] = (left.p + right.p) / 2;
  });
  return { x, y };
}
