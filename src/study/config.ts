/**
 * Reads a study file (YAML, see studies/TEMPLATE.md): validates it against `study.schema.json` with every
 * problem reported at once, each naming its path in the file (e.g. `/outcome/positive`), unknown keys
 * rejected; resolves its paths against the study file's folder; fills in the documented defaults.
 *
 * @example
 * const config = readStudyConfig("studies/paper-synthetic.yaml");
 * config.outcome!.column;          // "aln_status"
 * config.cohorts!.validation;      // ["prospective", "external"]
 */
import Ajv, { type ErrorObject } from "ajv";
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { parseDocument } from "yaml";
import type { ClinicalVariable, TTestKind } from "../signatures/clinical";
import type { NamedLevel } from "../signatures/definitions";
import { repoPath } from "../util/paths";


export interface IntervalCut {
  breaks: number[];
  labels: string[];
}

export interface DerivedColumn {
  name: string;
  from: string;
  divideBy?: number;
  cut?: IntervalCut;
  map?: Record<string, string | null>;
}

export interface OutcomeSpec {
  column: string;
  /** Values meaning positive (compared as text), or a numeric threshold. */
  positive: string[] | null;
  negative: string[] | null;
  positiveAbove: number | null;
  label: string;
  /** Display names of the negative and positive class. */
  levels: [string, string];
}

export interface CohortSpec {
  column: string;
  training: string;
  validation: string[];
  labels: Record<string, string>;
}

export interface SurvivalSpec {
  time: string;
  event: string;
  eventValue: string;
  label: string;
  unit: "days" | "months" | "years";
  displayUnit: "days" | "months" | "years";
  times: number[];
  riskTable: number[];
  groups: { column: string; label: string; labels: Record<string, string> } | null;
  reference: { scores: string; cutoff: string; survival: string } | null;
}

export interface SubgroupSpec {
  name: string;
  column: string;
  levels: string[] | null;
  cut: IntervalCut | null;
  controls: "within" | "all-negative";
}

export interface StudyConfig {
  /** Absolute path of the study file. */
  file: string;
  kind: "signature" | "survival";
  name: string;
  title: string;
  description: string;
  /** Absolute path of the manifest. */
  manifest: string;
  derived: DerivedColumn[];
  require: string[];
  outcome: OutcomeSpec | null;
  cohorts: CohortSpec | null;
  /** null: the manifest's own list, labelled by name. */
  sequences: NamedLevel[] | null;
  regions: NamedLevel[] | null;
  /** Absolute path of a PyRadiomics parameter file, or null for Original + Wavelet with PyRadiomics' defaults. */
  params: string | null;
  clinical: { candidates: ClinicalVariable[]; test: TTestKind; pThreshold: number } | null;
  centre: { column: string; combatReference: string | null } | null;
  radiologist: { column: string; positive: string; negative: string; label: string } | null;
  survival: SurvivalSpec | null;
  nac: { pre: string | null; post: string; response: { column: string; responder: string } | null } | null;
  microenvironment: { cohort: string | null; signatureMatrix: string | null; scoreSequences: string[] | null; scoreRegions: string[] | null; tcga: string | null; geneSets: string | null; collections: Record<string, string> } | null;
  subgroups: SubgroupSpec[];
  seed: number;
  workers: number;
  signature: { topK: number; pThreshold: number; trees: number; mtry: number | null; completeOnly: boolean; svm: { cost: number; gamma: number | null } };
  paper: { cohorts: Partial<Record<"training" | "prospective" | "external", string>> } | null;
  /** Absolute paths of companion study files. */
  companions: string[];
}

/** Defaults of the optional keys (studies/TEMPLATE.md documents them). */
export const STUDY_DEFAULTS = { seed: 1, workers: 2, topK: 30, pThreshold: 0.05, trees: 500, svmCost: 1, clinicalPThreshold: 0.05 } as const;

/** The embedded default study. */
export const DEFAULT_STUDY = "studies/paper-synthetic.yaml";

/** Gene-set collections of data-manifests/gene-sets.json, by the names notebook 06 writes (tcga-ora-<name>.csv). */
export const DEFAULT_COLLECTIONS: Readonly<Record<string, string>> = {
  "go-bp": "go/GO_BP.gmt.gz",
  "go-mf": "go/GO_MF.gmt.gz",
  "go-cc": "go/GO_CC.gmt.gz",
  reactome: "pathways/reactome.gmt.gz",
  wikipathways: "pathways/wikipathways.gmt.gz",
};

let validator: ReturnType<Ajv["compile"]> | undefined;

function schemaValidator() {
  if (!validator) {
    const schema = JSON.parse(readFileSync(repoPath("src/study/study.schema.json"), "utf8"));
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

/** The study file a notebook or command runs on: an explicit path, else ALNM_STUDY, else the embedded default. */
export function studyFilePath(spec?: string | null): string {
  const chosen = spec || process.env.ALNM_STUDY || DEFAULT_STUDY;
  return isAbsolute(chosen) ? chosen : repoPath(chosen);
}

/** One line per schema violation, naming the path in the file; alternatives (oneOf) collapsed to one line. */
function describeErrors(errors: ErrorObject[]): string[] {
  const lines = new Set<string>();
  for (const e of errors) {
    if (e.keyword === "if" || e.keyword === "oneOf") continue;
    const at = e.instancePath || "(top level)";
    if (e.keyword === "additionalProperties") lines.add(`${at}: unknown key '${(e.params as { additionalProperty: string }).additionalProperty}'`);
    else if (e.keyword === "required") lines.add(`${at}: missing required key '${(e.params as { missingProperty: string }).missingProperty}'`);
    else if (e.keyword === "enum") lines.add(`${at}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`);
    else lines.add(`${at}: ${e.message}`);
  }
  for (const e of errors) {
    const at = e.instancePath || "(top level)";
    if (e.keyword === "oneOf" && ![...lines].some((l) => l.startsWith(`${at}:`) || l.startsWith(`${at}/`))) {
      lines.add(`${at}: ${(e.params as { passingSchemas?: unknown }).passingSchemas ? "give only one of the alternatives (e.g. positive or positiveAbove, not both)" : e.message}`);
    }
  }
  return [...lines];
}

const asText = (v: unknown): string => String(v);
const asTextList = (v: unknown): string[] => (Array.isArray(v) ? v.map(asText) : [asText(v)]);

function namedLevels(v: unknown): NamedLevel[] | null {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map((name) => ({ name: String(name), label: String(name) }));
  return Object.entries(v as Record<string, string>).map(([name, label]) => ({ name, label }));
}

export type { NamedLevel };

/** Reads, validates and resolves a study file; throws one Error listing every problem found. */
export function readStudyConfig(file: string): StudyConfig {
  const { abs, raw } = readValidatedStudy(file);
  return resolveConfig(abs, raw);
}

/**
 * The study file's `intake` section (what `alnm manifest init --study` reads), after the whole file is validated
 * against the schema; the manifest it names need not exist yet (init is about to write it).
 */
export function readStudyIntake(file: string): { sequences?: Record<string, string>; segments?: Record<string, string> } {
  return readValidatedStudy(file).raw.intake ?? {};
}

function readValidatedStudy(file: string): { abs: string; raw: RawStudy } {
  const abs = resolve(file);
  if (!existsSync(abs)) throw new Error(`study file ${abs}: not found`);
  const doc = parseDocument(readFileSync(abs, "utf8"), { uniqueKeys: true });
  if (doc.errors.length) throw new Error(`study file ${abs}: not valid YAML:\n  ${doc.errors.map((e) => e.message.split("\n")[0]).join("\n  ")}`);
  const raw = doc.toJS() as Record<string, unknown> | null;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error(`study file ${abs}: must be a YAML mapping of keys`);
  const validate = schemaValidator();
  if (!validate(raw)) throw new Error(`study file ${abs}:\n  ${describeErrors(validate.errors ?? []).join("\n  ")}`);
  return { abs, raw: raw as unknown as RawStudy };
}

// The validated file, as the schema shapes it.
interface RawStudy {
  intake?: { sequences?: Record<string, string>; segments?: Record<string, string> };
  kind?: "signature" | "survival";
  name?: string;
  title?: string;
  description?: string;
  manifest: string;
  derived?: { name: string; from: string; divideBy?: number; cut?: IntervalCut; map?: Record<string, string | null> }[];
  require?: string[];
  outcome?: { column: string; positive?: unknown; negative?: unknown; positiveAbove?: number; label?: string; levels?: [string, string] };
  cohorts?: { column: string; training: unknown; validation: unknown; labels?: Record<string, string> };
  sequences?: unknown;
  regions?: unknown;
  params?: string;
  clinical?: { candidates: { column: string; kind: "continuous" | "categorical"; levels?: string[]; ordinal?: boolean; label?: string }[]; test?: TTestKind; pThreshold?: number };
  centre?: { column: string; combatReference?: string };
  radiologist?: { column: string; positive: unknown; negative: unknown; label?: string };
  survival?: {
    time: string; event: string; eventValue?: unknown; label?: string; unit?: SurvivalSpec["unit"]; displayUnit?: SurvivalSpec["unit"];
    times?: number[]; riskTable?: number[]; groups?: { column: string; label?: string; labels?: Record<string, string> };
    reference?: { scores: string; cutoff: string; survival: string };
  };
  nac?: { pre?: string; post: string; response?: { column: string; responder: unknown } };
  microenvironment?: { cohort?: string; signatureMatrix?: string; scoreSequences?: string[]; scoreRegions?: string[]; tcga?: string; geneSets?: string; collections?: Record<string, string> };
  subgroups?: { name: string; column: string; levels?: string[]; cut?: IntervalCut; controls?: "within" | "all-negative" }[];
  seed?: number;
  workers?: number;
  signature?: { topK?: number; pThreshold?: number; trees?: number; mtry?: number; completeOnly?: boolean; svm?: { cost?: number; gamma?: number } };
  paper?: { cohorts: Partial<Record<"training" | "prospective" | "external", string>> };
  companions?: string[];
}

function resolveConfig(file: string, raw: RawStudy): StudyConfig {
  const dir = dirname(file);
  const path = (p: string) => resolve(dir, p);
  const o = raw.outcome;
  const c = raw.cohorts;
  const s = raw.survival;
  const unit = s?.unit ?? "months";
  return {
    file,
    kind: raw.kind ?? "signature",
    name: raw.name ?? basename(file).replace(/\.ya?ml$/i, ""),
    title: raw.title ?? raw.name ?? basename(file),
    description: raw.description ?? "",
    manifest: path(raw.manifest),
    derived: raw.derived ?? [],
    require: raw.require ?? [],
    outcome: o
      ? {
          column: o.column,
          positive: o.positive === undefined ? null : asTextList(o.positive),
          negative: o.negative === undefined ? null : asTextList(o.negative),
          positiveAbove: o.positiveAbove ?? null,
          label: o.label ?? o.column,
          levels: o.levels ?? ["negative", "positive"],
        }
      : null,
    cohorts: c ? { column: c.column, training: asText(c.training), validation: asTextList(c.validation), labels: c.labels ?? {} } : null,
    sequences: namedLevels(raw.sequences),
    regions: namedLevels(raw.regions),
    params: raw.params ? path(raw.params) : null,
    clinical: raw.clinical
      ? {
          candidates: raw.clinical.candidates.map((v): ClinicalVariable =>
            v.kind === "continuous"
              ? { name: v.column, kind: "continuous", ...(v.label ? { label: v.label } : {}) }
              : { name: v.column, kind: "categorical", levels: v.levels!, ...(v.ordinal ? { ordinal: true } : {}), ...(v.label ? { label: v.label } : {}) },
          ),
          test: raw.clinical.test ?? "welch",
          pThreshold: raw.clinical.pThreshold ?? STUDY_DEFAULTS.clinicalPThreshold,
        }
      : null,
    centre: raw.centre ? { column: raw.centre.column, combatReference: raw.centre.combatReference ?? null } : null,
    radiologist: raw.radiologist
      ? { column: raw.radiologist.column, positive: asText(raw.radiologist.positive), negative: asText(raw.radiologist.negative), label: raw.radiologist.label ?? "Radiologists" }
      : null,
    survival: s
      ? {
          time: s.time,
          event: s.event,
          eventValue: s.eventValue === undefined ? "1" : asText(s.eventValue),
          label: s.label ?? "Survival",
          unit,
          displayUnit: s.displayUnit ?? unit,
          times: s.times ?? [],
          riskTable: s.riskTable ?? [],
          groups: s.groups ? { column: s.groups.column, label: s.groups.label ?? s.groups.column, labels: s.groups.labels ?? {} } : null,
          reference: s.reference ? { scores: path(s.reference.scores), cutoff: path(s.reference.cutoff), survival: path(s.reference.survival) } : null,
        }
      : null,
    nac: raw.nac
      ? { pre: raw.nac.pre ?? null, post: raw.nac.post, response: raw.nac.response ? { column: raw.nac.response.column, responder: asText(raw.nac.response.responder) } : null }
      : null,
    microenvironment: raw.microenvironment
      ? {
          cohort: raw.microenvironment.cohort ?? null,
          signatureMatrix: raw.microenvironment.signatureMatrix ?? null,
          scoreSequences: raw.microenvironment.scoreSequences ?? null,
          scoreRegions: raw.microenvironment.scoreRegions ?? null,
          tcga: raw.microenvironment.tcga ? path(raw.microenvironment.tcga) : null,
          geneSets: raw.microenvironment.geneSets ? path(raw.microenvironment.geneSets) : null,
          collections: { ...(raw.microenvironment.collections ?? DEFAULT_COLLECTIONS) },
        }
      : null,
    subgroups: (raw.subgroups ?? []).map((g) => ({ name: g.name, column: g.column, levels: g.levels ?? null, cut: g.cut ?? null, controls: g.controls ?? "within" })),
    seed: raw.seed ?? STUDY_DEFAULTS.seed,
    workers: raw.workers ?? STUDY_DEFAULTS.workers,
    signature: {
      topK: raw.signature?.topK ?? STUDY_DEFAULTS.topK,
      pThreshold: raw.signature?.pThreshold ?? STUDY_DEFAULTS.pThreshold,
      trees: raw.signature?.trees ?? STUDY_DEFAULTS.trees,
      mtry: raw.signature?.mtry ?? null,
      completeOnly: raw.signature?.completeOnly ?? true,
      svm: { cost: raw.signature?.svm?.cost ?? STUDY_DEFAULTS.svmCost, gamma: raw.signature?.svm?.gamma ?? null },
    },
    paper: raw.paper ?? null,
    companions: (raw.companions ?? []).map(path),
  };
}
