/**
 * `alnm manifest init`: builds a data manifest and its `cases.csv` from a data tree, either laid out by a file
 * pattern (`{patient}/{sequence}.nii.gz`) or as DICOM series found anywhere under the root and mapped to
 * sequences by SeriesDescription. Every file gets a SHA-256; patient IDs come from a mapping file or a keyed
 * pseudonym, so no folder name or DICOM PatientID reaches the manifest. Problems are collected and reported
 * together; nothing is written while any remains.
 */
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { readDelimited } from "../csv";
import { Sha256Cache, sha256Directory } from "../checksum";
import { loadManifest } from "../load";
import type { ColumnSchema } from "../types";
import { redact, redactor, scanText, type Identifier } from "../../privacy/identifiers";
import { csvFromArrays } from "../../util/csv";
import { compileLayout, matchLayout, walkTree, type Layout, type Placeholder, type TreeEntry } from "./layout";
import type { Pseudonymiser } from "./pseudonym";
import { scanFiles, type ScannedFile } from "./scan";
import { dicomImages, layoutImages, segmentationsBySeries, type ImageCandidate } from "./images";
import { RT_STRUCTURE_SET_STORAGE, SEGMENTATION_STORAGE } from "../../radiomics/segmentation/dicom-object";

export interface InitOptions {
  /** Data root (every path of the manifest is relative to it). */
  root: string;
  /** Manifest JSON to write; `cases.csv` goes into the root. */
  out: string;
  name?: string;
  /** Layout mode: the images' pattern, e.g. `{patient}/{sequence}.nii.gz` (a trailing `/` for DICOM series folders). */
  layout?: string;
  /** DICOM mode: sequence name -> regular expression matched (case-insensitively) against SeriesDescription. */
  dicomSequences?: Record<string, string>;
  /**
   * The masks' pattern, e.g. `{patient}/{region}_mask.nii.gz` or, in a DICOM tree, `{folder}/{region}.nrrd`. Optional
   * in a DICOM tree whose masks are DICOM-SEG or RTSTRUCT objects (found by their SOP class and referenced series).
   */
  masks?: string;
  /** Region -> label value, for masks holding several regions (a mask pattern without `{region}`). */
  labels?: Record<string, number>;
  /** Region -> segment name (Slicer segment, DICOM-SEG SegmentLabel, RTSTRUCT ROIName), for segmentation files. */
  segments?: Record<string, string>;
  pseudonymiser: Pseudonymiser;
  /** Clinical table under the root, keyed by the manifest's patient IDs. */
  clinical?: { path: string; idColumn: string };
  /** Overwrite an existing manifest or cases.csv. */
  force?: boolean;
  workers?: number;
  progress?: NodeJS.WriteStream;
  /** The command line, recorded as the manifest's source. */
  command?: string;
}

/** One row of cases.csv. */
export interface CaseRow {
  patientId: string;
  sequence: string;
  region: string;
  timepoint: string;
  image: string;
  series: string;
  mask: string;
  label: number;
  segment: string;
  imageSha256: string;
  maskSha256: string;
}

export interface InitReport {
  cases: CaseRow[];
  patients: number;
  /** Problems that stop the manifest from being written, each naming the file or folder. */
  problems: string[];
  /** Things worth a look that do not stop it: images without a mask, DICOM series matching no sequence, ... */
  notes: string[];
  /** Paths written (absent when problems remain). */
  written?: { manifest: string; cases: string };
}

/**
 * Builds the manifest. Returns the report; writes `options.out` and `<root>/cases.csv` only when there is no
 * problem (and then re-loads the manifest with the regular loader as a final check).
 */
export async function initManifest(options: InitOptions): Promise<InitReport> {
  const root = resolve(options.root);
  if (!existsSync(root)) throw new Error(`manifest init: data root ${root} not found`);
  if ((options.layout === undefined) === (options.dicomSequences === undefined)) {
    throw new Error("manifest init: give either --layout <pattern> or --dicom with --sequence NAME=REGEX");
  }
  const problems: string[] = [];
  const notes: string[] = [];
  if (options.masks === undefined && options.layout !== undefined) throw new Error("manifest init: give --masks <pattern>");
  const maskLayout = options.masks === undefined ? undefined : compileLayout(options.masks, "--masks");
  if (maskLayout?.folders) throw new Error(`--masks '${options.masks}': masks are files; remove the trailing '/'`);
  const labels = options.labels ?? {};
  const segments = options.segments ?? {};
  if (maskLayout && !maskLayout.names.includes("region") && Object.keys(labels).length === 0 && Object.keys(segments).length === 0) {
    throw new Error(`--masks '${options.masks}': without {region}, say which label marks which region with --label REGION=VALUE (or which segment with --segment REGION=NAME)`);
  }
  // Regions of a mask found by the pattern: its {region}, else each --label (label maps) or each --segment (segmentation files).
  const regionsOf = (m: MaskFound): { region: string; label: number; segment: string }[] =>
    m.region !== undefined
      ? [{ region: m.region, label: labels[m.region] ?? 1, segment: "" }]
      : Object.keys(labels).length
        ? Object.entries(labels).map(([region, label]) => ({ region, label, segment: "" }))
        : Object.entries(segments).map(([region, segment]) => ({ region, label: 1, segment }));
  const tree = walkTree(root);
  const files = tree.filter((e) => !e.folder).map((e) => e.path);
  const hashes = new Map<string, string>();
  // Identifying values of the DICOM files (memory only): paths holding one are refused, messages are redacted.
  const identifiers = new Map<string, Identifier>();
  const remember = (scanned: ScannedFile[]) => {
    for (const f of scanned) {
      if (f.error) problems.push(f.error);
      else hashes.set(f.path, f.sha256!);
      for (const id of f.dicom?.identifiers ?? []) identifiers.set(`${id.attribute}\u0000${id.value}`, { ...id, source: "" });
    }
  };

  let images: ImageCandidate[];
  let segmentationObjects: string[] = [];
  if (options.layout !== undefined) {
    const layout = compileLayout(options.layout, "--layout");
    // A file the masks' pattern matches is a mask, not an image (e.g. T1C_tumour.nrrd beside T1C.nrrd).
    images = layoutImages(layout, tree.filter((e) => e.folder || !matchLayout(maskLayout!, e.path)), problems);
  } else {
    const scanned = await scanFiles(files.map((f) => join(root, f)), { workers: options.workers, progress: options.progress });
    remember(scanned);
    images = dicomImages(root, scanned, options.dicomSequences!, problems, notes);
    segmentationObjects = scanned.filter((f) => !f.error && !f.dicom?.image && (f.dicom?.sopClassUid === SEGMENTATION_STORAGE || f.dicom?.sopClassUid === RT_STRUCTURE_SET_STORAGE)).map((f) => f.path);
  }

  const masks = maskLayout ? indexMasks(maskLayout, tree) : new Map<string, MaskFound[]>();
  const bySeries = await segmentationsBySeries(root, segmentationObjects, problems);
  const cases: CaseRow[] = [];
  const unpaired: string[] = [];
  const byPatient = new Map<string, string>();
  for (const im of images) {
    const patientId = options.pseudonymiser.id(im.sourceKey);
    if (patientId === undefined) {
      problems.push(`${im.shown}: its patient has no row in the ID mapping (${options.pseudonymiser.description})`);
      continue;
    }
    const earlier = byPatient.get(patientId);
    if (earlier !== undefined && earlier !== im.sourceKey) problems.push(`${im.shown}: two source patients map to patient ID ${patientId}`);
    byPatient.set(patientId, im.sourceKey);
    const found: { path: string; region: string; label: number; segment: string }[] = [
      ...(maskLayout ? masks.get(maskKey(maskLayout, im)) ?? [] : []).flatMap((m) => regionsOf(m).map((r) => ({ path: m.path, ...r }))),
      // DICOM-SEG and RTSTRUCT objects segmenting this series: one case per --segment name the object holds.
      ...(im.seriesUid ? bySeries.get(im.seriesUid) ?? [] : []).flatMap((o) =>
        Object.entries(segments).filter(([, name]) => o.segments.includes(name)).map(([region, segment]) => ({ path: o.path, region, label: 1, segment })),
      ),
    ];
    if (found.length === 0) unpaired.push(im.image);
    for (const m of found) {
      checkPathsHoldNoIdentifier(patientId, im, m.path, problems);
      cases.push({ patientId, sequence: im.sequence, region: m.region, timepoint: im.timepoint, image: im.image, series: im.series, mask: m.path, label: m.label, segment: m.segment, imageSha256: "", maskSha256: "" });
    }
  }
  const imageSeries = new Set(images.map((i) => i.seriesUid));
  const orphans = [...bySeries].filter(([uid]) => !imageSeries.has(uid)).flatMap(([, objects]) => objects.map((o) => o.path));
  if (orphans.length) notes.push(`${orphans.length} segmentation object(s) segment no series taken as an image, left out: ${preview(orphans)}`);
  if (unpaired.length) notes.push(`${unpaired.length} image(s) without a mask (--masks, or a segmentation object with a --segment name), left out: ${preview(unpaired)}`);
  checkDuplicates(cases, problems);

  // Hashes: every mask and layout-mode image not scanned yet, then folder digests from the file hashes.
  const imageFolders = new Set(images.filter((i) => i.folder).map((i) => i.image));
  const needed = new Set<string>();
  for (const c of cases) {
    needed.add(c.mask);
    if (!imageFolders.has(c.image)) needed.add(c.image);
  }
  for (const f of files) if (imageFolders.has(dirname(f))) needed.add(f);
  const toScan = [...needed].filter((p) => !hashes.has(join(root, p))).sort();
  if (toScan.length) remember(await scanFiles(toScan.map((p) => join(root, p)), { workers: options.workers, progress: options.progress }));
  const digest = (rel: string, folder: boolean) =>
    folder ? sha256Directory(join(root, rel), (f) => hashes.get(f) ?? missingHash(f)) : hashes.get(join(root, rel)) ?? missingHash(join(root, rel));
  for (const c of cases) {
    c.imageSha256 = digest(c.image, imageFolders.has(c.image));
    c.maskSha256 = digest(c.mask, false);
  }
  cases.sort(compareCases);

  // One hash cache for the clinical table, cases.csv and the final verification (seeded below with the scan's hashes).
  const hasher = new Sha256Cache();
  const clinical = options.clinical ? clinicalSpec(root, options.clinical, new Set(cases.map((c) => c.patientId)), hasher, problems, notes) : undefined;
  if (cases.length === 0) problems.push(`${root}: no case found (images matching the layout, each with a mask matching --masks)`);
  const withheldIn = redactor([...identifiers.values()]);
  const withheld = (list: string[]) => list.map(withheldIn);
  const report: InitReport = { cases, patients: new Set(cases.map((c) => c.patientId)).size, problems: withheld(problems), notes: withheld(notes) };
  if (problems.length) return report;

  const out = resolve(options.out);
  const casesFile = join(root, "cases.csv");
  for (const f of [out, casesFile]) {
    if (existsSync(f) && !options.force) throw new Error(`manifest init: ${f} exists; pass --force to overwrite it`);
  }
  writeFileSync(casesFile, casesCsv(cases));
  // The final load verifies every checksum: from the hashes just computed, not by reading every file again.
  for (const [path, sha256] of hashes) hasher.remember(path, sha256);
  const manifest = {
    name: options.name ?? "my-cohort",
    description: `Built by alnm manifest init from ${cases.length} cases of ${report.patients} patients. Describe the cohort here.`,
    licence: "State the licence or data-use agreement of your data here",
    source: options.command ?? "alnm manifest init",
    notes: options.pseudonymiser.description,
    root: relativeRoot(dirname(out), root),
    sequences: unique(cases.map((c) => c.sequence)),
    regions: unique(cases.map((c) => c.region)),
    ...(clinical ? { clinical } : {}),
    casesTable: { path: "cases.csv", sha256: hasher.hash(casesFile) },
  };
  writeFileSync(out, JSON.stringify(manifest, null, 2) + "\n");
  loadManifest(out, { verify: true, hasher });
  hasher.save();
  report.written = { manifest: out, cases: casesFile };
  return report;
}

function missingHash(path: string): never {
  throw new Error(`manifest init: ${path} was not scanned (internal error)`);
}

/** A mask found by the masks' pattern, with its region when the pattern names one. */
interface MaskFound {
  path: string;
  region?: string;
}

/** The placeholders pairing an image with its masks (the mask pattern's, except the region). */
function pairing(layout: Layout): Placeholder[] {
  return layout.names.filter((n) => n !== "region");
}

/** Masks by the values of their pairing placeholders. */
function indexMasks(layout: Layout, tree: TreeEntry[]): Map<string, MaskFound[]> {
  const index = new Map<string, MaskFound[]>();
  for (const e of tree) {
    if (e.folder) continue;
    const v = matchLayout(layout, e.path);
    if (!v) continue;
    const key = pairing(layout).map((n) => v[n]).join("\u0000");
    index.set(key, [...(index.get(key) ?? []), { path: e.path, ...(v.region !== undefined ? { region: v.region } : {}) }]);
  }
  return index;
}

/** The index key of an image's masks: its patient, sequence, timepoint, folder or parent folder, as the mask pattern uses them. */
function maskKey(layout: Layout, im: ImageCandidate): string {
  const folder = im.folder ? im.image : dirname(im.image);
  const values: Partial<Record<Placeholder, string>> = { patient: im.sourceKey, sequence: im.sequence, timepoint: im.timepoint, folder, parent: dirname(folder) };
  return pairing(layout).map((n) => values[n]).join("\u0000");
}

/** Refuses an image or mask path holding one of the image's DICOM identifiers (e.g. a folder named after the patient). */
function checkPathsHoldNoIdentifier(patientId: string, im: ImageCandidate, mask: string, problems: string[]): void {
  if (im.identifiers.length === 0) return;
  for (const [what, path] of [["image", im.image], ["mask", mask]] as const) {
    const found = scanText(path, what, im.identifiers);
    if (found.length) {
      const problem =
        `patient ${patientId} ${im.sequence}: the ${what} path holds the patient's ${[...new Set(found.map((f) => f.attribute))].join(", ")} ` +
        `(${redact(path, im.identifiers)}); rename such folders (e.g. to their pseudonyms) so that no identifier reaches the manifest`;
      if (!problems.includes(problem)) problems.push(problem);
    }
  }
}

function checkDuplicates(cases: CaseRow[], problems: string[]): void {
  const seen = new Map<string, CaseRow>();
  for (const c of cases) {
    const key = [c.patientId, c.sequence, c.region, c.timepoint].join("\u0000");
    const other = seen.get(key);
    if (other) problems.push(`patient ${c.patientId} ${c.sequence}/${c.region}${c.timepoint ? "/" + c.timepoint : ""}: two cases (${other.image} with ${other.mask}; ${c.image} with ${c.mask})`);
    else seen.set(key, c);
  }
}

function compareCases(a: CaseRow, b: CaseRow): number {
  for (const k of ["patientId", "timepoint", "sequence", "region"] as const) {
    if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  }
  return 0;
}

function casesCsv(cases: CaseRow[]): string {
  const header = ["patient_id", "sequence", "region", "timepoint", "image", "series", "mask", "label", "segment", "image_sha256", "mask_sha256"];
  return csvFromArrays(header, cases.map((c) => [c.patientId, c.sequence, c.region, c.timepoint, c.image, c.series, c.mask, c.label, c.segment, c.imageSha256, c.maskSha256]));
}

/**
 * The clinical table's manifest entry, with column types inferred from the values (integer, number, category
 * of at most 12 levels, else string) for the user to review; every imaging patient must have a row.
 */
function clinicalSpec(root: string, c: { path: string; idColumn: string }, imaging: Set<string>, hasher: Sha256Cache, problems: string[], notes: string[]) {
  const full = resolve(root, c.path);
  const path = relative(root, full).split(sep).join("/");
  if (path.startsWith("..")) throw new Error(`--clinical ${c.path}: the clinical table must lie under the data root ${root}`);
  const rows = readDelimited(full, ",", `--clinical ${c.path}`);
  const header = rows[0] ?? [];
  const idIndex = header.indexOf(c.idColumn);
  if (idIndex < 0) throw new Error(`--clinical ${c.path}: no column '${c.idColumn}' (header: ${header.join(", ")})`);
  const ids = new Set(rows.slice(1).map((r) => r[idIndex]));
  const absent = [...imaging].filter((id) => !ids.has(id)).sort();
  if (absent.length) problems.push(`--clinical ${c.path}: ${absent.length} imaging patient(s) have no row: ${preview(absent)}`);
  const noImages = [...ids].filter((id) => !imaging.has(id)).length;
  if (noImages) notes.push(`--clinical ${c.path}: ${noImages} patient(s) have clinical data but no case`);
  const columns: Record<string, ColumnSchema> = {};
  header.forEach((name, j) => {
    if (j === idIndex) return;
    columns[name] = inferColumn(rows.slice(1).map((r) => r[j] ?? "").filter((v) => v !== "" && v !== "NA"));
  });
  notes.push(`--clinical ${c.path}: column types were inferred from the values; review them (and mark required columns) in the manifest`);
  return { path, sha256: hasher.hash(full), idColumn: c.idColumn, missing: ["", "NA"], columns };
}

/** The narrowest column schema that fits the values. */
function inferColumn(values: string[]): ColumnSchema {
  const numbers = values.map(Number);
  if (values.length && numbers.every(Number.isFinite)) {
    return numbers.every(Number.isInteger) ? { type: "integer" } : { type: "number" };
  }
  const levels = unique(values);
  return levels.length > 0 && levels.length <= 12 ? { type: "category", levels } : { type: "string" };
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function preview(items: string[]): string {
  return items.slice(0, 5).join(", ") + (items.length > 5 ? `, ... (${items.length - 5} more)` : "");
}

/** The manifest's `root`: relative to the manifest's folder. */
function relativeRoot(manifestDir: string, root: string): string {
  const r = relative(manifestDir, root).split(sep).join("/");
  return r === "" ? "." : r;
}
