/**
 * The microenvironment set of a manifest (notebook 06): patients of one clinical cohort (the synthetic
 * cohort's "tme" set) with ALN status, and the omics files the manifest declares under `files`:
 *   tme/expression.tsv        bulk expression, genes x patients (linear scale, CIBERSORT's input)
 *   tme/signature_matrix.tsv  signature matrix, genes x cell types
 *   tme/lncrna.tsv            lncRNA expression, lncRNAs x patients
 *   tme/methylation.tsv       methylation beta values, CpG sites x patients
 * A user's own signature matrix (e.g. CIBERSORT's LM22, which this project may not ship) is passed as
 * `signatureMatrix`: a path relative to the manifest's root that the manifest declares under `files`, so
 * its SHA-256 is verified on load like every other input.
 *
 * @example
 * const set = loadMicroenvironmentSet(openStudyManifest("synthetic"));
 * set.patients.length;            // 90
 * set.expression.columns[0];      // "TME001"
 * loadMicroenvironmentSet(manifest, { signatureMatrix: "LM22.txt" });  // a declared file of the manifest
 */
import { resolve } from "node:path";
import { validateClinicalTable } from "../../manifest/load";
import type { LoadedManifest } from "../../manifest/types";
import { NamedMatrix, readNamedMatrix, transpose } from "../../tme/matrix";

export interface MicroenvironmentSet {
  /** Patients of the set, clinical-table order. */
  patients: string[];
  /** ALN status (1 = positive) of the patients that have one. */
  aln: Map<string, 0 | 1>;
  /** Genes x cell types, and the file it came from. */
  signature: NamedMatrix;
  signatureFile: string;
  /** Genes x patients, linear scale. */
  expression: NamedMatrix;
  /** Patients x lncRNAs and patients x CpG sites (as the selection and Spearman functions take them). */
  lncRNA: NamedMatrix;
  methylation: NamedMatrix;
}

export interface MicroenvironmentSetOptions {
  /** Clinical `cohort` level of the set (default "tme"). */
  cohort?: string;
  /** A signature-matrix file declared in the manifest's `files` (relative to its root); default tme/signature_matrix.tsv. */
  signatureMatrix?: string;
  /** Clinical columns: cohort, ALN status and its positive level (default the synthetic manifest's). */
  columns?: { cohort: string; label: string; positiveLevel: string };
}

/** The declared file whose path is `relative` under the manifest root (or ends with it). */
function declaredFile(manifest: LoadedManifest, relative: string): string {
  const wanted = resolve(manifest.root, relative);
  const files = Object.keys(manifest.files);
  const hit = files.find((f) => f === wanted) ?? files.find((f) => f.endsWith(`/${relative}`));
  if (!hit) throw new Error(`manifest ${manifest.file}: declares no file '${relative}' under "files" (add it with its sha256)`);
  return hit;
}

export function loadMicroenvironmentSet(manifest: LoadedManifest, options: MicroenvironmentSetOptions = {}): MicroenvironmentSet {
  const { cohort = "tme", columns = { cohort: "cohort", label: "aln_status", positiveLevel: "positive" } } = options;
  const table = validateClinicalTable(manifest);
  for (const c of [columns.cohort, columns.label]) {
    if (!table.columns[c]) throw new Error(`manifest ${manifest.file}: clinical table has no column '${c}'`);
  }
  const patients = table.ids.filter((_, i) => table.columns[columns.cohort][i] === cohort);
  if (patients.length === 0) throw new Error(`manifest ${manifest.file}: no patient has ${columns.cohort} = '${cohort}'`);
  const aln = new Map<string, 0 | 1>();
  table.ids.forEach((id, i) => {
    const v = table.columns[columns.label][i];
    if (table.columns[columns.cohort][i] === cohort && v !== null) aln.set(id, String(v) === columns.positiveLevel ? 1 : 0);
  });
  const signatureFile = declaredFile(manifest, options.signatureMatrix ?? "tme/signature_matrix.tsv");
  const expression = readNamedMatrix(declaredFile(manifest, "tme/expression.tsv"));
  const lncRNA = transpose(readNamedMatrix(declaredFile(manifest, "tme/lncrna.tsv")));
  const methylation = transpose(readNamedMatrix(declaredFile(manifest, "tme/methylation.tsv")));
  const inSet = new Set(patients);
  for (const [what, ids] of [["expression", expression.columns], ["lncrna", lncRNA.rows], ["methylation", methylation.rows]] as [string, string[]][]) {
    const stray = ids.find((id) => !inSet.has(id));
    if (stray) throw new Error(`manifest ${manifest.file}: tme/${what}.tsv has patient '${stray}', who is not in cohort '${cohort}'`);
  }
  return { patients, aln, signature: readNamedMatrix(signatureFile), signatureFile, expression, lncRNA, methylation };
}
