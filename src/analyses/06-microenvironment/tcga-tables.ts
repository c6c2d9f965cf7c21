/**
 * The CSV tables notebook 06 writes for the real TCGA-BRCA subset, with their exact columns:
 *   tcga-spearman-radiomics-immune        feature,cell_type,rho,p,p_adj   (36 x 22 rows, NA where undefined)
 *   tcga-welch-radiomics-by-node          feature,t,df,p,p_adj            (36 rows)
 *   tcga-spearman-radiomics-lncrna        feature,cell_type,rho,p,p_adj   (radiomic x selected lncRNAs)
 *   tcga-spearman-radiomics-methylation   feature,cell_type,rho,p,p_adj   (radiomic x selected CpG sites)
 * Feature and cell-type names are the data files' headers; the maps without a selected feature are left out.
 *
 * @example
 * for (const t of tcgaCsvTables(await tcgaMicroenvironment())) nb.csv(t.name, t.rows, t.columns);
 */
import type { SpearmanRow } from "../../tme/correlate";
import type { WelchRow } from "../../tme/group-tests";

export const SPEARMAN_COLUMNS = ["feature", "cell_type", "rho", "p", "p_adj"];
export const WELCH_COLUMNS = ["feature", "t", "df", "p", "p_adj"];

export interface CsvTable {
  name: string;
  rows: Record<string, unknown>[];
  columns: string[];
}

export function tcgaCsvTables(res: {
  radiomicsImmune: SpearmanRow[];
  welchByNode: WelchRow[];
  lncRNA?: { correlations: SpearmanRow[] };
  methylation?: { correlations: SpearmanRow[] };
}): CsvTable[] {
  const rows = (r: object[]) => r as Record<string, unknown>[];
  const tables: CsvTable[] = [
    { name: "tcga-spearman-radiomics-immune", rows: rows(res.radiomicsImmune), columns: SPEARMAN_COLUMNS },
    { name: "tcga-welch-radiomics-by-node", rows: rows(res.welchByNode), columns: WELCH_COLUMNS },
  ];
  if (res.lncRNA?.correlations.length) tables.push({ name: "tcga-spearman-radiomics-lncrna", rows: rows(res.lncRNA.correlations), columns: SPEARMAN_COLUMNS });
  if (res.methylation?.correlations.length) tables.push({ name: "tcga-spearman-radiomics-methylation", rows: rows(res.methylation.correlations), columns: SPEARMAN_COLUMNS });
  return tables;
}
