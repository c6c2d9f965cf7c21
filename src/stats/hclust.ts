/**
 * Agglomerative hierarchical clustering as R's `hclust(dist)` (F. Murtagh's nearest-neighbour-list
 * algorithm, with R's tie-breaking), giving R's `merge`, `height` and `order` — the trees pheatmap draws.
 *
 * Distances between rows: "euclidean" d(a, b) = sqrt(sum_k (a_k - b_k)^2) (R `dist`), or "correlation"
 * d(a, b) = 1 - r(a, b) with Pearson r (pheatmap's `clustering_distance_rows = "correlation"`).
 * Linkage (Lance-Williams update after merging i and j, for every other cluster k):
 *   complete: d(ij, k) = max(d(i, k), d(j, k))
 *   average:  d(ij, k) = (|i| d(i, k) + |j| d(j, k)) / (|i| + |j|)   (UPGMA)
 *   ward.D2:  on squared distances D = d^2 (R squares its input first),
 *             D(ij, k) = ((|i| + |k|) D(i, k) + (|j| + |k|) D(j, k) - |k| D(i, j)) / (|i| + |j| + |k|),
 *             and the merge height is sqrt(D(i, j)) (Ward's 1963 criterion; R `hclust(d, "ward.D2")`).
 * Any other linkage name is an Error (names arriving as strings at run time are checked).
 * merge: row s describes step s; negative entries are singletons (-row index, 1-based), positive ones the
 * cluster formed at that step. order: leaves left to right in the dendrogram (1-based row indices).
 * To cluster columns, pass the transposed matrix.
 *
 * @example
 * hclust([[0, 0], [0, 1], [5, 5], [5, 7]], { distance: "euclidean", linkage: "complete" });
 * // { merge: [[-1, -2], [-3, -4], [1, 2]], height: [1, 2, 8.60...], order: [1, 2, 3, 4] }
 */
import { correlation } from "./correlation";

/** Linkages implemented, as R's `hclust(method = ...)` names. */
export const HCLUST_LINKAGES = ["complete", "average", "ward.D2"] as const;
export type HclustLinkage = (typeof HCLUST_LINKAGES)[number];

/** Throws unless `linkage` is one of {@link HCLUST_LINKAGES} (callers may pass arbitrary strings). */
function checkLinkage(linkage: unknown): asserts linkage is HclustLinkage {
  if (!(HCLUST_LINKAGES as readonly unknown[]).includes(linkage)) {
    throw new Error(`hclust: unknown linkage ${JSON.stringify(linkage)}; allowed: ${HCLUST_LINKAGES.map((l) => `"${l}"`).join(", ")}`);
  }
}

export interface HclustOptions {
  distance?: "euclidean" | "correlation";
  linkage?: HclustLinkage;
  /** Row names, returned in `labels` and `orderedLabels`. */
  labels?: string[];
}

export interface HclustResult {
  merge: [number, number][];
  height: number[];
  order: number[];
  labels?: string[];
  orderedLabels?: string[];
}

/** Pairwise distances between the rows of `matrix` (full symmetric n x n). */
export function distanceMatrix(matrix: number[][], distance: "euclidean" | "correlation" = "euclidean"): number[][] {
  const n = matrix.length;
  const p = matrix[0]?.length ?? 0;
  matrix.forEach((row, i) => {
    if (row.length !== p) throw new Error(`distanceMatrix: row ${i} has ${row.length} values, row 0 has ${p}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new Error(`distanceMatrix: value [${i}][${j}] = ${v} is not finite`);
    });
  });
  const d = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let v: number;
      if (distance === "euclidean") {
        let s = 0;
        for (let k = 0; k < p; k++) {
          const diff = matrix[i][k] - matrix[j][k];
          s += diff * diff;
        }
        v = Math.sqrt(s);
      } else {
        v = 1 - correlation(matrix[i], matrix[j]);
        if (Number.isNaN(v)) throw new Error(`distanceMatrix: rows ${i + 1} and ${j + 1}: correlation undefined (a constant row)`);
      }
      d[i][j] = d[j][i] = v;
    }
  }
  return d;
}

/** Clustering from a precomputed symmetric distance matrix (R: `hclust(as.dist(d), method)`). */
export function hclustFromDistances(dist: number[][], linkage: HclustLinkage = "complete"): Omit<HclustResult, "labels" | "orderedLabels"> {
  checkLinkage(linkage);
  const n = dist.length;
  if (n < 2) throw new Error(`hclust: need at least 2 objects to cluster, got ${n}`);
  const ward = linkage === "ward.D2";
  // ward.D2 works on squared distances throughout; only the reported heights are square-rooted.
  const d = ward ? dist.map((row) => row.map((v) => v * v)) : dist.map((row) => [...row]);
  const size = new Array<number>(n).fill(1);
  const active = new Array<boolean>(n).fill(true);
  // Nearest neighbour of i among j > i, first minimum on ties.
  const nn = new Array<number>(n).fill(-1);
  const nnDist = new Array<number>(n).fill(Infinity);
  const refreshNeighbour = (i: number): void => {
    let best = Infinity, arg = nn[i];
    for (let j = i + 1; j < n; j++) {
      if (active[j] && d[i][j] < best) {
        best = d[i][j];
        arg = j;
      }
    }
    nn[i] = arg;
    nnDist[i] = best;
  };
  for (let i = 0; i < n - 1; i++) refreshNeighbour(i);

  const steps: [number, number][] = [];
  const height: number[] = [];
  for (let step = 0; step < n - 1; step++) {
    let best = Infinity, im = -1;
    for (let i = 0; i < n - 1; i++) {
      if (active[i] && nnDist[i] < best) {
        best = nnDist[i];
        im = i;
      }
    }
    if (im < 0) throw new Error("hclust: distances must be finite");
    const i2 = Math.min(im, nn[im]), j2 = Math.max(im, nn[im]);
    steps.push([i2, j2]);
    height.push(ward ? Math.sqrt(best) : best);
    active[j2] = false;
    const dij = d[i2][j2];
    let nearest = Infinity, nearestIndex = nn[i2];
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === i2) continue;
      const updated =
        linkage === "complete"
          ? Math.max(d[i2][k], d[j2][k])
          : linkage === "average"
            ? (size[i2] * d[i2][k] + size[j2] * d[j2][k]) / (size[i2] + size[j2])
            : ((size[i2] + size[k]) * d[i2][k] + (size[j2] + size[k]) * d[j2][k] - size[k] * dij) / (size[i2] + size[j2] + size[k]);
      d[i2][k] = d[k][i2] = updated;
      if (i2 < k) {
        if (updated < nearest) {
          nearest = updated;
          nearestIndex = k;
        }
      } else if (updated < nnDist[k]) {
        nnDist[k] = updated;
        nn[k] = i2;
      }
    }
    size[i2] += size[j2];
    nnDist[i2] = nearest;
    nn[i2] = nearestIndex;
    for (let i = 0; i < n - 1; i++) {
      if (active[i] && (nn[i] === i2 || nn[i] === j2)) refreshNeighbour(i);
    }
  }

  // A cluster is named by its smallest member; translate to R's convention (-leaf, +step), singletons first.
  const latestStep = new Map<number, number>();
  const merge: [number, number][] = steps.map(([a, b], s) => {
    const left = latestStep.has(a) ? latestStep.get(a)! : -(a + 1);
    const right = latestStep.has(b) ? latestStep.get(b)! : -(b + 1);
    latestStep.set(a, s + 1);
    if (left > 0 && right < 0) return [right, left];
    if (left > 0 && right > 0) return [Math.min(left, right), Math.max(left, right)];
    return [left, right];
  });
  const order: number[] = [];
  const expand = (node: number): void => {
    if (node < 0) order.push(-node);
    else merge[node - 1].forEach(expand);
  };
  expand(n - 1);
  return { merge, height, order };
}

export function hclust(matrix: number[][], options: HclustOptions = {}): HclustResult {
  checkLinkage(options.linkage ?? "complete");
  if (options.labels && options.labels.length !== matrix.length) {
    throw new Error(`hclust: ${options.labels.length} labels for ${matrix.length} rows`);
  }
  const tree = hclustFromDistances(distanceMatrix(matrix, options.distance ?? "euclidean"), options.linkage ?? "complete");
  if (!options.labels) return tree;
  const labels = options.labels;
  return { ...tree, labels, orderedLabels: tree.order.map((i) => labels[i - 1]) };
}
