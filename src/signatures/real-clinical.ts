/**
 * Real clinical cohorts on which the clinical signature can be run end to end (the paper's own patients
 * are not public):
 * - Rotterdam (R survival package, 2,982 patients): ALN positive = nodes > 0; training = surgery year <= 1989,
 *   temporal validation = year >= 1990. Candidate variables: age, menopause, tumour size category, grade,
 *   ER, PgR (hormonal and chemotherapy are post-operative and left out).
 * - Duke-Breast-Cancer-MRI (TCIA, 922 patients): ALN positive = N stage > 0, patients with N or T stage
 *   missing or Nx (-1) dropped; candidate variables age (from 'Date of Birth (Days)', days before diagnosis),
 *   menopause (2 = not available is treated as missing), ER, PR, HER2, T stage; training = Manufacturer 0
 *   (GE), validation = Manufacturer 2 (Siemens), a vendor shift like the paper's external cohort. The
 *   radiologists' MRI reading 'Lymphadenopathy or Suspicious Nodes' is carried as `radiologist`.
 *
 * @example
 * const rot = loadRotterdam(repoPath("data/r/rotterdam.csv"));
 * rot.training.ids.length;   // 1918
 * const duke = loadDuke(repoPath("data/cohorts/duke/Data.csv"));
 * duke.validation.radiologist; // 0/1 per validation patient
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import type { ClinicalVariable } from "./clinical";
import type { ClinicalValue, SignatureData } from "./dataset";

export interface ClinicalCohortSplit {
  name: string;
  training: SignatureData & { radiologist?: number[] };
  validation: SignatureData & { radiologist?: number[] };
  variables: ClinicalVariable[];
  /** Patients read and patients dropped, with why. */
  counts: Record<string, number>;
}

function readCsvRows(path: string): string[][] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`cannot read clinical table ${path}: ${(err as Error).message}`);
  }
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`${path}: CSV error on row ${parsed.errors[0].row}: ${parsed.errors[0].message}`);
  return parsed.data;
}

function columnIndex(header: string[], name: string, path: string): number {
  const j = header.findIndex((h) => h.trim() === name);
  if (j < 0) throw new Error(`${path}: column '${name}' not found`);
  return j;
}

const num = (s: string | undefined): number => (s === undefined || s.trim() === "" || s.trim() === "NA" ? NaN : Number(s));

function emptySplit(): SignatureData & { radiologist?: number[] } {
  return { ids: [], labels: [], clinical: {} };
}

function push(d: SignatureData, id: string, label: number, values: Record<string, ClinicalValue>): void {
  d.ids.push(id);
  d.labels.push(label);
  for (const [k, v] of Object.entries(values)) (d.clinical![k] ??= []).push(v);
}

export const ROTTERDAM_VARIABLES: ClinicalVariable[] = [
  { name: "age", kind: "continuous", label: "Age (years)" },
  { name: "meno", kind: "categorical", levels: ["0", "1"], label: "Postmenopausal" },
  { name: "size", kind: "categorical", levels: ["<=20", "20-50", ">50"], ordinal: true, label: "Tumour size (mm)" },
  { name: "grade", kind: "categorical", levels: ["2", "3"], ordinal: true, label: "Grade" },
  { name: "er", kind: "continuous", label: "ER (fmol/l)" },
  { name: "pgr", kind: "continuous", label: "PgR (fmol/l)" },
];

/** Rotterdam cohort split by surgery year (see the module comment). */
export function loadRotterdam(path: string): ClinicalCohortSplit {
  const [header, ...rows] = readCsvRows(path);
  const col = (n: string) => columnIndex(header, n, path);
  const [pid, year, nodes] = [col("pid"), col("year"), col("nodes")];
  const vars = Object.fromEntries(ROTTERDAM_VARIABLES.map((v) => [v.name, col(v.name)]));
  const training = emptySplit();
  const validation = emptySplit();
  rows.forEach((r, i) => {
    const y = num(r[year]);
    const n = num(r[nodes]);
    if (!Number.isFinite(y) || !Number.isFinite(n)) throw new Error(`${path}: row ${i + 2} (pid ${r[pid]}) has no surgery year or node count`);
    const values: Record<string, ClinicalValue> = {};
    for (const v of ROTTERDAM_VARIABLES) values[v.name] = v.kind === "continuous" ? num(r[vars[v.name]]) : r[vars[v.name]];
    push(y <= 1989 ? training : validation, `rotterdam-${r[pid]}`, n > 0 ? 1 : 0, values);
  });
  return {
    name: "rotterdam",
    training,
    validation,
    variables: ROTTERDAM_VARIABLES,
    counts: { read: rows.length, training: training.ids.length, validation: validation.ids.length },
  };
}

export const DUKE_VARIABLES: ClinicalVariable[] = [
  { name: "age", kind: "continuous", label: "Age at diagnosis (years)" },
  { name: "menopause", kind: "categorical", levels: ["0", "1"], label: "Postmenopausal" },
  { name: "er", kind: "categorical", levels: ["0", "1"], label: "ER positive" },
  { name: "pr", kind: "categorical", levels: ["0", "1"], label: "PR positive" },
  { name: "her2", kind: "categorical", levels: ["0", "1"], label: "HER2 positive" },
  { name: "t_stage", kind: "categorical", levels: ["1", "2", "3", "4"], ordinal: true, label: "T stage" },
];

const DUKE_COLUMNS = {
  id: "Patient ID",
  manufacturer: "Manufacturer",
  birth: "Date of Birth (Days)",
  menopause: "Menopause (at diagnosis)",
  er: "ER",
  pr: "PR",
  her2: "HER2",
  t: "Staging(Tumor Size)# [T]",
  n: "Staging(Nodes)#(Nx replaced by -1)[N]",
  radiologist: "Lymphadenopathy or Suspicious Nodes",
} as const;

/**
 * Duke-Breast-Cancer-MRI clinical table (`Data.csv`: a group header row, the column header row, a row of
 * descriptions, then one row per patient), split by scanner manufacturer (see the module comment).
 */
export function loadDuke(path: string): ClinicalCohortSplit {
  const all = readCsvRows(path);
  const header = all[1];
  if (!header || header[0].trim() !== DUKE_COLUMNS.id) throw new Error(`${path}: second row is not the Duke column header (starts '${header?.[0]}')`);
  const rows = all.slice(3);
  const c = Object.fromEntries(Object.entries(DUKE_COLUMNS).map(([k, name]) => [k, columnIndex(header, name, path)])) as Record<keyof typeof DUKE_COLUMNS, number>;
  const training = { ...emptySplit(), radiologist: [] as number[] };
  const validation = { ...emptySplit(), radiologist: [] as number[] };
  const counts: Record<string, number> = { read: rows.length, droppedStage: 0, droppedManufacturer: 0 };
  const binary = (s: string) => (s.trim() === "0" || s.trim() === "1" ? s.trim() : null);
  for (const r of rows) {
    const id = r[c.id].trim();
    const n = num(r[c.n]);
    const t = num(r[c.t]);
    if (!(n >= 0) || !(t >= 0)) {
      counts.droppedStage++;
      continue;
    }
    const m = r[c.manufacturer].trim();
    const target = m === "0" ? training : m === "2" ? validation : null;
    if (!target) {
      counts.droppedManufacturer++;
      continue;
    }
    const reading = num(r[c.radiologist]);
    if (!(reading === 0 || reading === 1)) throw new Error(`${path}: patient ${id} has radiologist reading '${r[c.radiologist]}' (expected 0 or 1)`);
    const birth = num(r[c.birth]);
    push(target, id, n > 0 ? 1 : 0, {
      age: Number.isFinite(birth) ? -birth / 365.25 : null,
      menopause: binary(r[c.menopause]),
      er: binary(r[c.er]),
      pr: binary(r[c.pr]),
      her2: binary(r[c.her2]),
      t_stage: String(t),
    });
    target.radiologist.push(reading);
  }
  counts.training = training.ids.length;
  counts.validation = validation.ids.length;
  return { name: "duke", training, validation, variables: DUKE_VARIABLES, counts };
}
