/**
 * Over-representation analysis as clusterProfiler's `enricher` / `enrichGO` (DOSE's enricher_internal,
 * default options): a one-sided hypergeometric test per gene set, BH-adjusted.
 *
 * With the query genes made unique:
 *   - n = number of query genes annotated to at least one set of the collection;
 *   - the background is every gene of the collection, intersected with `universe` when one is given
 *     (clusterProfiler's default; genes of the universe in no set are NOT counted), N = its size;
 *     with `background: "universe"` it is the universe itself, annotated or not, and n counts every query
 *     gene in the universe (the plain hypergeometric test of a DEG list against the measured genes);
 *   - a set is tested when it holds a query gene and its size within the background, M, is in
 *     [minGSSize, maxGSSize]; k = number of query genes in the set and in the background;
 *   - pvalue = P(X >= k), X ~ Hypergeometric(M white, N - M black, n drawn)
 *     (R: phyper(k - 1, M, N - M, n, lower.tail = FALSE)); p.adjust = BH over the tested sets.
 * GeneRatio = "k/n", BgRatio = "M/N", geneID = the set's query genes in query order joined by "/".
 * Rows are sorted by pvalue (ties by set ID). Every tested set is returned (clusterProfiler's printed
 * result also filters at pvalueCutoff 0.05 and a q-value cut-off; filter `p.adjust` yourself).
 *
 * With the GO gene sets of data/go/ (built from org.Hs.eg.db's GOALL tables) and gene symbols this is
 * enrichGO(keyType = "SYMBOL", ont = ...) on the same annotation release.
 *
 * @example
 * const sets = readGmt("data/go/GO_BP.gmt.gz");
 * const res = overRepresentation(["CD3E", "CD8A", "GZMB"], sets, { universe: measuredGenes });
 * res[0];  // { ID: "GO:...", Description: "...", GeneRatio: "3/3", BgRatio: "40/15000", pvalue, "p.adjust", geneID, Count }
 */
import { benjaminiHochberg } from "../stats/index";
import { GeneSet } from "./gmt";
import { hypergeometricUpperTail } from "./hypergeometric";

export interface OraOptions {
  /** Background genes (e.g. all genes measured); default: every gene of the collection. */
  universe?: string[];
  /** Smallest set size (within the background) tested; default 10. */
  minGSSize?: number;
  /** Largest set size tested; default 500. */
  maxGSSize?: number;
  /** "annotated" (clusterProfiler: universe genes in some set of the collection, default) or "universe". */
  background?: "annotated" | "universe";
}

export interface OraRow {
  ID: string;
  Description: string;
  GeneRatio: string;
  BgRatio: string;
  pvalue: number;
  "p.adjust": number;
  geneID: string;
  Count: number;
}

export function overRepresentation(genes: string[], sets: GeneSet[], options: OraOptions = {}): OraRow[] {
  const { universe, minGSSize = 10, maxGSSize = 500, background: backgroundKind = "annotated" } = options;
  if (backgroundKind === "universe" && !universe) throw new Error('overRepresentation: background "universe" needs a universe');
  if (!(minGSSize >= 0 && maxGSSize >= minGSSize)) {
    throw new Error(`overRepresentation: need 0 <= minGSSize <= maxGSSize, got ${minGSSize}, ${maxGSSize}`);
  }
  const query: string[] = [];
  const inQuery = new Map<string, number>();
  for (const g of genes) {
    if (!inQuery.has(g)) {
      inQuery.set(g, query.length);
      query.push(g);
    }
  }
  const annotated = new Set<string>();
  for (const s of sets) for (const g of s.genes) annotated.add(g);
  const background = new Set<string>();
  if (backgroundKind === "universe") {
    universe!.forEach((g) => background.add(g));
  } else if (universe) {
    const u = new Set(universe);
    annotated.forEach((g) => {
      if (u.has(g)) background.add(g);
    });
  } else {
    annotated.forEach((g) => background.add(g));
  }
  const n = query.filter((g) => (backgroundKind === "universe" ? background.has(g) : annotated.has(g))).length;
  const N = background.size;

  const tested: Omit<OraRow, "p.adjust">[] = [];
  for (const s of sets) {
    if (!s.genes.some((g) => inQuery.has(g))) continue;
    const members = s.genes.filter((g) => background.has(g));
    const M = members.length;
    if (M < minGSSize || M > maxGSSize) continue;
    const hits = members.filter((g) => inQuery.has(g)).sort((a, b) => inQuery.get(a)! - inQuery.get(b)!);
    const k = hits.length;
    const pvalue = n > N ? NaN : hypergeometricUpperTail(k, M, N - M, n);
    tested.push({ ID: s.id, Description: s.description, GeneRatio: `${k}/${n}`, BgRatio: `${M}/${N}`, pvalue, geneID: hits.join("/"), Count: k });
  }
  const adjusted = benjaminiHochberg(tested.map((t) => t.pvalue));
  const rows: OraRow[] = tested.map((t, i) => ({ ...t, "p.adjust": adjusted[i] }));
  rows.sort((a, b) => a.pvalue - b.pvalue || (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0));
  return rows;
}
