/**
 * Notebook 06 on real TCGA-BRCA expression (paper section 2.6, done on the public radiogenomics subset):
 * 1. a radiomic node-status signature on the 36 UChicago DCE-MRI features, fitted with the paper's pipeline
 *    (z-scores, Welch t-test p < 0.05, random-forest top k, RBF SVM; when fewer than k features pass the
 *    t-test, the k with the smallest p go to the forest, since on 36 weak features the strict filter can
 *    leave a fold with none), scored OUT OF FOLD (repeated stratified k-fold: every patient's score is the
 *    mean of the probabilities given by pipelines that never saw them, one per repeat), and split high / low at
 *    cutpointr's cut-off on those out-of-fold scores;
 * 2. DEGs high vs low: Welch t on log2(RSEM + 1) per gene, t and log2 fold change as mean(high) - mean(low)
 *    (R: t.test(high, low)), BH over the genes with a defined t;
 * 3. over-representation per gene-set collection: DEGs at BH < 0.05, or the 100 genes with the smallest p
 *    when fewer than 10 pass; universe = the tested genes; p = phyper(overlap - 1, set_size,
 *    universe - set_size, n_deg, lower.tail = FALSE), set_size counted inside the universe, sets of 10-500
 *    genes with at least one DEG, BH over the tested sets.
 * The CSV columns are an outside contract (tcga-score-groups, tcga-deg, tcga-ora-<collection>): see
 * TCGA_CSV_COLUMNS.
 *
 * @example
 * const score = await tcgaNodeScore(loadTcgaRadiomics(dir), loadTcgaImmune(dir).nodePositive, { seed: 1 });
 * const deg = tcgaDeg(loadTcgaExpression(dir), score.rows);
 * const ora = tcgaOra(deg, { "go-bp": readGmt("data/go/GO_BP.gmt.gz") });
 * toCsv(oraContractRows(ora.enrichment["go-bp"]), TCGA_CSV_COLUMNS.ora);
 */
import { auc, delongCi, optimalCutpoint, type DelongCi } from "../../stats/index";
import type { SignatureData } from "../../signatures/dataset";
import type { SignatureDefinition } from "../../signatures/definitions";
import { SignaturePipeline } from "../../signatures/pipeline";
import { crossValidatedProbabilities } from "../../signatures/validation";
import { differentialExpression } from "../../tme/deg";
import type { GeneSet } from "../../tme/gmt";
import type { NamedMatrix } from "../../tme/matrix";
import { overRepresentation, type OraRow } from "../../tme/ora";

export const TCGA_CSV_COLUMNS = {
  scoreGroups: ["patient", "score", "group"],
  deg: ["gene", "log2fc", "t", "df", "p", "p_adj"],
  ora: ["term", "id", "set_size", "overlap", "p", "p_adj", "genes"],
} as const;

export interface TcgaScoreRow {
  patient: string;
  /** Out-of-fold ALNM probability (mean over the repeats). */
  score: number;
  group: "high" | "low";
  node: 0 | 1;
}

export interface TcgaNodeScore {
  rows: TcgaScoreRow[];
  /** AUC of the out-of-fold score for node status, with its DeLong 95 % CI. */
  auc: DelongCi;
  /** AUC of each repeat's out-of-fold probabilities (how much one random split moves it). */
  repeatAucs: number[];
  cutoff: number;
  folds: number;
  repeats: number;
  /** Features chosen when the pipeline is fitted on all patients (for the DEG x feature maps), with t direction. */
  keyFeatures: { feature: string; pValue: number; meanDecreaseGini: number }[];
}

const DEFINITION: SignatureDefinition = { name: "TCGA DCE-MRI node status", regions: ["tumour"], sequences: ["DCE"], clinical: false };

/** The UChicago feature matrix (patients as rows) as signature data, for the patients with node status. */
function signatureData(radiomics: NamedMatrix, node: Map<string, 0 | 1>): SignatureData {
  const index = radiomics.rows.flatMap((id, i) => (node.has(id) ? [i] : []));
  return {
    ids: index.map((i) => radiomics.rows[i]),
    labels: index.map((i) => node.get(radiomics.rows[i])!),
    radiomic: { columns: radiomics.columns.map((name) => ({ name, sequence: "DCE", region: "tumour" })), rows: index.map((i) => radiomics.values[i]) },
  };
}

export async function tcgaNodeScore(
  radiomics: NamedMatrix,
  node: Map<string, 0 | 1>,
  options: { folds?: number; repeats?: number; seed: number; topK?: number; nTrees?: number; workers?: number },
): Promise<TcgaNodeScore> {
  const folds = options.folds ?? 5;
  const repeats = options.repeats ?? 10;
  const data = signatureData(radiomics, node);
  const topK = options.topK ?? 10;
  const pipelineOptions = { topK, minPassed: topK, seed: options.seed, forest: { nTrees: options.nTrees ?? 500, workers: options.workers } };
  const { probabilities, perRepeat } = await crossValidatedProbabilities(data, DEFINITION, pipelineOptions, { folds, repeats, seed: options.seed });
  const cutoff = optimalCutpoint(probabilities, data.labels).cutoff;
  const rows = data.ids.map((patient, i) => ({
    patient,
    score: probabilities[i],
    group: probabilities[i] >= cutoff ? ("high" as const) : ("low" as const),
    node: data.labels[i] as 0 | 1,
  }));
  const full = await new SignaturePipeline(DEFINITION, pipelineOptions).fit(data);
  return {
    rows,
    auc: delongCi(probabilities, data.labels),
    repeatAucs: perRepeat.map((p) => auc(p, data.labels)),
    cutoff,
    folds,
    repeats,
    keyFeatures: full.radiomicFeatures.map((f) => ({ feature: f.name, pValue: f.pValue, meanDecreaseGini: f.meanDecreaseGini })),
  };
}

export interface TcgaDegRow {
  gene: string;
  log2fc: number;
  t: number;
  df: number;
  p: number;
  p_adj: number;
}

/** Welch DEGs high vs low on log2(x + 1); genes with an undefined t (no variance) are left out. */
export function tcgaDeg(expression: NamedMatrix, groups: { patient: string; group: "high" | "low" }[]): TcgaDegRow[] {
  const log2 = { rows: expression.rows, columns: expression.columns, values: expression.values.map((r) => r.map((v) => Math.log2(v + 1))) };
  const indicator = new Map(groups.map((g) => [g.patient, g.group === "high" ? 1 : 0] as [string, number]));
  const res = differentialExpression(log2, indicator, undefined, { cutoff: 0.5 });
  return res.genes.filter((g) => Number.isFinite(g.t)).map((g) => ({ gene: g.gene, log2fc: g.log2FC, t: g.t, df: g.df, p: g.p, p_adj: g.fdr }));
}

export interface TcgaOraRow {
  term: string;
  id: string;
  set_size: number;
  overlap: number;
  p: number;
  p_adj: number;
  genes: string;
}

export interface TcgaOra {
  /** "bh" when at least 10 genes have BH p < fdr, else "top100" (the 100 smallest p). */
  rule: "bh" | "top100";
  degs: string[];
  universe: number;
  /** Every tested set per collection, clusterProfiler's columns (for tables and dot plots). */
  enrichment: Record<string, OraRow[]>;
}

export function tcgaOra(deg: TcgaDegRow[], collections: Record<string, GeneSet[]>, options: { fdr?: number } = {}): TcgaOra {
  const fdr = options.fdr ?? 0.05;
  const significant = deg.filter((g) => g.p_adj < fdr);
  const rule = significant.length >= 10 ? "bh" : "top100";
  const chosen = rule === "bh" ? significant : deg.slice().sort((a, b) => a.p - b.p || (a.gene < b.gene ? -1 : 1)).slice(0, 100);
  const degs = chosen.map((g) => g.gene);
  const universe = deg.map((g) => g.gene);
  const enrichment = Object.fromEntries(
    Object.entries(collections).map(([name, sets]) => [name, overRepresentation(degs, sets, { universe, background: "universe" })]),
  );
  return { rule, degs, universe: universe.length, enrichment };
}

/** The rows of tcga-ora-<collection>.csv (TCGA_CSV_COLUMNS.ora). */
export function oraContractRows(rows: OraRow[]): TcgaOraRow[] {
  return rows.map((r) => ({
    term: r.Description,
    id: r.ID,
    set_size: Number(r.BgRatio.split("/")[0]),
    overlap: r.Count,
    p: r.pvalue,
    p_adj: r["p.adjust"],
    genes: r.geneID,
  }));
}

export interface PaperTermStatus {
  paper: string;
  source: string;
  collection: string;
  id: string;
  term: string;
  status: "significant (p and BH < 0.05)" | "tested, not significant" | "not tested (no query gene, or size outside 10-500)" | "not in the collection";
  overlap: number | null;
  set_size: number | null;
  p: number | null;
  p_adj: number | null;
}

/** Where each of the paper's named terms (or its stand-ins) stands in our enrichment results. */
export function paperTermStatus(
  terms: readonly { paper: string; source: string; sets: readonly { collection: string; id: string }[] }[],
  ora: TcgaOra,
  collections: Record<string, GeneSet[]>,
): PaperTermStatus[] {
  return terms.flatMap((t) =>
    t.sets.map(({ collection, id }) => {
      const set = collections[collection]?.find((s) => s.id === id);
      const row = ora.enrichment[collection]?.find((r) => r.ID === id);
      const base = { paper: t.paper, source: t.source, collection, id, term: set?.description ?? "" };
      if (!set) return { ...base, status: "not in the collection" as const, overlap: null, set_size: null, p: null, p_adj: null };
      if (!row) return { ...base, status: "not tested (no query gene, or size outside 10-500)" as const, overlap: 0, set_size: null, p: null, p_adj: null };
      const c = oraContractRows([row])[0];
      const significant = c.p < 0.05 && c.p_adj < 0.05;
      return { ...base, status: significant ? ("significant (p and BH < 0.05)" as const) : ("tested, not significant" as const), overlap: c.overlap, set_size: c.set_size, p: c.p, p_adj: c.p_adj };
    }),
  );
}
