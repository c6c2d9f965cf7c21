/**
 * The paper's microenvironment analyses on the real TCGA-BRCA radiogenomics subset (data/tcga_brca/),
 * in one call for notebook 06:
 *   - radiomicsImmune: Spearman of the 36 radiomic features x 22 CIBERSORT-LM22 fractions (91 patients),
 *     BH over all pairs (feature,cell_type,rho,p,p_adj; a fraction that is 0 for everyone gives NaN = NA);
 *   - welchByNode: Welch t of each radiomic feature, node-positive vs node-negative (90 patients);
 *   - lncRNA / methylation: t-test + random-forest selection (selectFeatures) against node status on the
 *     radiomics patients with node status and that data type (90 for lncRNAs, those of the 28 with HM27
 *     data), then Spearman of the radiomic features x the selected features on those same patients.
 *
 * @example
 * const res = await tcgaMicroenvironment({ topK: 30, nTrees: 500, seed: 1 });
 * toCsv(res.radiomicsImmune, ["feature", "cell_type", "rho", "p", "p_adj"]);
 * res.lncRNA.selection.selected;  // ALNM-associated lncRNAs
 */
import { spearmanPairs, SpearmanRow } from "./correlate";
import { welchByGroup, WelchRow } from "./group-tests";
import { NamedMatrix } from "./matrix";
import { selectFeatures, SelectionOptions, SelectionResult } from "./select";
import { loadTcgaImmune, loadTcgaLncRNA, loadTcgaMethylation, loadTcgaRadiomics } from "./tcga";

export interface MolecularAnalysis {
  patients: string[];
  selection: SelectionResult;
  /** Spearman of radiomic features x selected features (empty when nothing was selected). */
  correlations: SpearmanRow[];
}

export interface TcgaMicroenvironment {
  radiomicsImmune: SpearmanRow[];
  welchByNode: WelchRow[];
  lncRNA: MolecularAnalysis;
  methylation: MolecularAnalysis;
}

function subset(m: NamedMatrix, rows: string[], columns: string[] = m.columns): NamedMatrix {
  const r = new Map(m.rows.map((id, i) => [id, i] as [string, number]));
  const c = new Map(m.columns.map((id, j) => [id, j] as [string, number]));
  return {
    rows: rows.slice(),
    columns: columns.slice(),
    values: rows.map((id) => columns.map((col) => m.values[r.get(id)!][c.get(col)!])),
  };
}

async function molecular(radiomics: NamedMatrix, data: NamedMatrix, node: Map<string, 0 | 1>, options: SelectionOptions): Promise<MolecularAnalysis> {
  const inData = new Set(data.rows);
  const patients = radiomics.rows.filter((id) => node.has(id) && inData.has(id));
  const selection = await selectFeatures(subset(data, patients), node, options);
  const correlations =
    selection.selected.length > 0 ? spearmanPairs(subset(radiomics, patients), subset(data, patients, selection.selected)) : [];
  return { patients, selection, correlations };
}

/** Runs every table on data/tcga_brca (or `dir`). */
export async function tcgaMicroenvironment(options: SelectionOptions & { dir?: string } = {}): Promise<TcgaMicroenvironment> {
  const { dir, ...selectionOptions } = options;
  const radiomics = loadTcgaRadiomics(dir);
  const immune = loadTcgaImmune(dir);
  return {
    radiomicsImmune: spearmanPairs(radiomics, immune.fractions),
    // As R's t.test(x ~ node): node-negative (level 0) minus node-positive.
    welchByNode: welchByGroup(radiomics, immune.nodePositive, { minuend: 0 }),
    lncRNA: await molecular(radiomics, loadTcgaLncRNA(dir), immune.nodePositive, selectionOptions),
    methylation: await molecular(radiomics, loadTcgaMethylation(dir), immune.nodePositive, selectionOptions),
  };
}
