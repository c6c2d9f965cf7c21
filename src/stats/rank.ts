/**
 * Ranks with ties given their average rank (R: `rank(x)`, ties.method = "average"), 1-based.
 *
 * @example
 * averageRanks([10, 20, 20, 5]); // [2, 3.5, 3.5, 1]
 */
export function averageRanks(x: ArrayLike<number>): number[] {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  const ranks = new Array<number>(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * Sizes of the groups of equal values (R: `table(x)`), in increasing order of value.
 *
 * @example
 * tieGroupSizes([1, 2, 2, 3, 3, 3]); // [1, 2, 3]
 */
export function tieGroupSizes(x: ArrayLike<number>): number[] {
  const sorted = Array.from(x).sort((a, b) => a - b);
  const sizes: number[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    sizes.push(j - i + 1);
    i = j + 1;
  }
  return sizes;
}
