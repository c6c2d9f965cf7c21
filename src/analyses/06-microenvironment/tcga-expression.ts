/**
 * Notebook 06 on real TCGA-BRCA expression (paper section 2.6, done on the public radiogenomics subset):
 * 1. a radiomic node-status signature on the 36 UChicago DCE-MRI features, fitted with the paper's pipeline
 *    (z-scores, Welch t-test p < 0.05, random-forest top k, RBF SVM; when fewer than k features pass the
 *    t-test, the k with the smallest p go to the forest, since on 36 weak features the strict filter can
 *    leave a fold with none), scored OUT OF FOLD (stratified k-fold:
 *    every patient is scored by a pipeline that never saw them), and split high / low at cutpointr's cut-off
 *    on those out-of-fold scores;
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
 */
import { delongCi, optimalCutpoint, type DelongCi } from "../../stats/index";
import type { SignatureData } from "../../signatures/dataset";
import type { SignatureDefinition } from "../../signatures/definitions";
import { SignaturePipeline } from "../../signatures/pipeline";
import { crossValidatedProbabilities } from "../../signatures/validation";
import { differentialExpression } from "../../tme/deg";
import type { GeneSet } from "../../tme/gmt";
import type { NamedMatrix } from "../../tme/matrix";
import { overRepresentation } from "../../tme/ora";

export const TCGA_CSV_COLUMNS = {
  scoreGroups: ["patient", "score", "group"],
  deg: ["gene", "log2fc", "t", "df", "p", "p_adj"],
  ora: ["term", "id", "set_size", "overlap", "p", "p_adj", "genes"],
} as const;

export interface TcgaScoreRow {
  patient: string;
  /** Out-of-fold ALNM probability. */
  score: number;
  group: "high" | "low";
  node: 0 | 1;
  fold: number;
}

export interface TcgaNodeScore {
  rows: TcgaScoreRow[];
  /** Out-of-fold AUC for node status with its DeLong 95 % CI. */
  auc: DelongCi;
  cutoff: number;
  folds: number;
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
  options: { folds?: number; seed: number; topK?: number; nTrees?: number; workers?: number },
): Promise<TcgaNodeScore> {
  const folds = options.folds ?? 5;
  const data = signatureData(radiomics, node);
  const topK = options.topK ?? 10;
  const pipelineOptions = { topK, minPassed: topK, seed: options.seed, forest: { nTrees: options.nTrees ?? 500, workers: options.workers } };
  const { probabilities, fold } = await crossValidatedProbabilities(data, DEFINITION, pipelineOptions, { folds, seed: options.seed });
  const cutoff = optimalCutpoint(probabilities, data.labels).cutoff;
  const rows = data.ids.map((patient, i) => ({
    patient,
    score: probabilities[i],
    group: probabilities[i] >= cutoff ? ("high" as const) : ("low" as const),
    node: data.labels[i] as 0 | 1,
    fold: fold[i],
  }));
  const full = await new SignaturePipeline(DEFINITION, pipelineOptions).fit(data);
  return {
    rows,
    auc: delongCi(probabilities, data.labels),
    cutoff,
    folds,
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
  tables: Record<string, TcgaOraRow[]>;
}

export function tcgaOra(deg: TcgaDegRow[], collections: Record<string, GeneSet[]>, options: { fdr?: number } = {}): TcgaOra {
  const fdr = options.fdr ?? 0.05;
  const significant = deg.filter((g) => g.p_adj < fdr);
  const rule = significant.length >= 10 ? "bh" : "top100";
  const chosen = rule === "bh" ? significant : deg.slice().sort((a, b) => a.p - b.p || (a.gene < b.gene ? -1 : 1)).slice(0, 100);
  const degs = chosen.map((g) => g.gene);
  const universe = deg.map((g) => g.gene);
  const tables: Record<string, TcgaOraRow[]> = {};
  for (const [name, sets] of Object.entries(collections)) {
    tables[name] = overRepresentation(degs, sets, { universe, background: "universe" }).map((r) => ({
      term: r.Description,
      id: r.ID,
      set_size: Number(r.BgRatio.split("/")[0]),
      overlap: r.Count,
      p: r.pvalue,
      p_adj: r["p.adjust"],
      genes: r.geneID,
    }));
  }
  return { rule, degs, universe: universe.length, tables };
}
