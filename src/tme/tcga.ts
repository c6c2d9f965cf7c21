/**
 * Loaders for the real TCGA-BRCA radiogenomics subset in data/tcga_brca/ (provenance and licences in its
 * SOURCES.md): 91 patients with 36 DCE-MRI radiomic features (TCIA, University of Chicago workstation),
 * pathologic node status, published CIBERSORT-LM22 fractions, 108 lncRNAs and HM27 chr17 methylation.
 * Every loader but `loadTcgaExpression` returns patients (12-character TCGA barcodes, e.g. "TCGA-AO-A03M") as
 * rows; column names are exactly the files' headers. Expression comes genes x patients, the orientation
 * `differentialExpression` takes.
 *
 * @example
 * const radiomics = loadTcgaRadiomics();            // 91 x 36
 * const { fractions, nodePositive } = loadTcgaImmune();
 * spearmanPairs(radiomics, fractions);               // 792 rows
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readDelimited } from "../manifest/csv";
import { repoPath } from "../util/paths";
import { NamedMatrix, checkNamedMatrix } from "./matrix";

const defaultDir = (): string => repoPath("data", "tcga_brca");

function parseNumber(cell: string, file: string, row: string, column: string, allowMissing: boolean): number {
  const c = cell.trim();
  if (allowMissing && (c === "" || c === "NA")) return NaN;
  const v = Number(c);
  if (c === "" || !Number.isFinite(v)) throw new Error(`${file}: row '${row}', column '${column}': '${cell}' is not a number`);
  return v;
}

/** A delimited numeric table whose first column, headed `idHeader`, names the rows. */
function readIdMatrix(file: string, delimiter: string, idHeader: string, what: string): NamedMatrix {
  const [header, ...body] = readDelimited(file, delimiter, what);
  if (header[0] !== idHeader) throw new Error(`${file}: first column should be '${idHeader}', found '${header[0]}'`);
  const columns = header.slice(1);
  const m: NamedMatrix = {
    rows: body.map((r) => r[0]),
    columns,
    values: body.map((r) => columns.map((c, j) => parseNumber(r[j + 1] ?? "", file, r[0], c, false))),
  };
  checkNamedMatrix(m, file);
  return m;
}

/** The radiomic features (36 columns, e.g. "Maximum enhancement (K1)") of radiomics_UChicago_91cases.csv. */
export function loadTcgaRadiomics(dir = defaultDir()): NamedMatrix {
  return readIdMatrix(join(dir, "radiomics_UChicago_91cases.csv"), ",", "CLID", "TCGA radiomics");
}

export interface TcgaImmune {
  /** The 22 CIBERSORT-LM22 fractions (columns B.cells.naive ... Neutrophils), patients as rows. */
  fractions: NamedMatrix;
  /** Pathologic node status (`node_positive`: 1 = N1-N3, 0 = N0); patients without it are absent. */
  nodePositive: Map<string, 0 | 1>;
  leukocyteFraction: Map<string, number>;
}

/** Immune fractions and node status from cibersort_leuk_node_91cases.csv. */
export function loadTcgaImmune(dir = defaultDir()): TcgaImmune {
  const file = join(dir, "cibersort_leuk_node_91cases.csv");
  const [header, ...body] = readDelimited(file, ",", "TCGA immune fractions");
  const col = (name: string): number => {
    const j = header.indexOf(name);
    if (j < 0) throw new Error(`${file}: no column '${name}'`);
    return j;
  };
  const first = col("B.cells.naive"), last = col("Neutrophils");
  const columns = header.slice(first, last + 1);
  const idCol = col("CLID"), nodeCol = col("node_positive"), leukCol = col("leukocyte_fraction");
  const nodePositive = new Map<string, 0 | 1>();
  const leukocyteFraction = new Map<string, number>();
  for (const r of body) {
    const node = r[nodeCol].trim();
    if (node === "0" || node === "1") nodePositive.set(r[idCol], node === "1" ? 1 : 0);
    else if (node !== "" && node !== "NA") throw new Error(`${file}: patient '${r[idCol]}' has node_positive '${node}'`);
    leukocyteFraction.set(r[idCol], parseNumber(r[leukCol], file, r[idCol], "leukocyte_fraction", true));
  }
  const fractions: NamedMatrix = {
    rows: body.map((r) => r[idCol]),
    columns,
    values: body.map((r) => columns.map((c, j) => parseNumber(r[first + j], file, r[idCol], c, false))),
  };
  checkNamedMatrix(fractions, file);
  return { fractions, nodePositive, leukocyteFraction };
}

/** Keeps primary-tumour samples ("-01" sample type) and names them by patient barcode. */
function primaryTumourPatient(sample: string): string | undefined {
  return /^TCGA-..-....-01/.test(sample) ? sample.slice(0, 12) : undefined;
}

/** 108 lncRNAs (columns) for the primary tumours of gevaertlab_BRCA_lncRNA_kallisto.txt (R write.table). */
export function loadTcgaLncRNA(dir = defaultDir()): NamedMatrix {
  const file = join(dir, "gevaertlab_BRCA_lncRNA_kallisto.txt");
  const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
  const unquote = (s: string): string => s.replace(/^"(.*)"$/, "$1");
  const samples = lines[0].trim().split(/\s+/).map(unquote);
  const names: string[] = [];
  const byLnc = lines.slice(1).map((line, k) => {
    const cells = line.trim().split(/\s+/);
    names.push(unquote(cells[0]));
    if (cells.length !== samples.length + 1) throw new Error(`${file}: line ${k + 2} has ${cells.length - 1} values, expected ${samples.length}`);
    return cells.slice(1).map((c, i) => parseNumber(c, file, names[k], samples[i], false));
  });
  const keep = samples.map((s, i) => [primaryTumourPatient(s), i] as [string | undefined, number]).filter((e) => e[0] !== undefined);
  const m: NamedMatrix = {
    rows: keep.map((e) => e[0] as string),
    columns: names,
    values: keep.map(([, i]) => byLnc.map((row) => row[i])),
  };
  checkNamedMatrix(m, file);
  return m;
}

/** HM27 beta values (chr17 CpGs as columns, NaN = NA) for the primary tumours of the methylation file. */
export function loadTcgaMethylation(dir = defaultDir()): NamedMatrix {
  const file = join(dir, "MLGenSig_BRCA_methylation_chr17_HM27_beta.tsv");
  const [header, ...body] = readDelimited(file, "\t", "TCGA methylation");
  if (header[0] !== "sample" || header[1] !== "SUBTYPE") throw new Error(`${file}: expected columns 'sample', 'SUBTYPE' first`);
  const columns = header.slice(2);
  const kept = body.filter((r) => primaryTumourPatient(r[0]) !== undefined);
  const m: NamedMatrix = {
    rows: kept.map((r) => primaryTumourPatient(r[0]) as string),
    columns,
    values: kept.map((r) => columns.map((c, j) => parseNumber(r[j + 2], file, r[0], c, true))),
  };
  checkNamedMatrix(m, file, { allowMissing: true });
  return m;
}

/**
 * RSEM-normalised mRNA expression (linear scale) of 909 genes for the 91 radiogenomics patients, from
 * expression/GSALightning_TCGA_BRCA_RSEM_909genes_x_91MRIpatients.tsv: genes (HGNC symbols) as rows, patients
 * as columns. Take log2(x + 1) before tests.
 */
export function loadTcgaExpression(dir = defaultDir()): NamedMatrix {
  const file = join(dir, "expression", "GSALightning_TCGA_BRCA_RSEM_909genes_x_91MRIpatients.tsv");
  const m = readIdMatrix(file, "\t", "gene", "TCGA expression");
  const negative = m.values.findIndex((r) => r.some((v) => v < 0));
  if (negative >= 0) throw new Error(`${file}: gene '${m.rows[negative]}' has a negative RSEM value`);
  return m;
}
