/**
 * The images of a data tree for `alnm manifest init`: files or folders matching a layout pattern, or the image
 * series of a DICOM tree mapped to sequences by SeriesDescription, and the tree's segmentation objects by the
 * series they segment.
 */
import { dirname, relative, sep } from "node:path";
import type { Identifier } from "../../privacy/identifiers";
import { segmentationContents } from "../../radiomics/segmentation/references";
import { matchLayout, type Layout, type Placeholder, type TreeEntry } from "./layout";
import type { ScannedFile } from "./scan";

/** An image found in the tree, before its masks are paired with it. */
export interface ImageCandidate {
  sourceKey: string;
  /** Where the source key came from, for messages (a path, never the key itself when it is a DICOM PatientID). */
  shown: string;
  sequence: string;
  timepoint: string;
  /** Path relative to the root (a file, or a DICOM series folder). */
  image: string;
  series: string;
  /** Whether the image is a folder (a DICOM series), whose digest covers its files. */
  folder: boolean;
  /** The DICOM series' SeriesInstanceUID (DICOM trees), which segmentation objects reference. */
  seriesUid?: string;
  /** The DICOM files' identifying values (memory only), which no path written may hold. */
  identifiers: Identifier[];
}

/** Images of a layout-mode tree: entries matching the pattern, with their `{patient}`, `{sequence}` and `{timepoint}`. */
export function layoutImages(layout: Layout, tree: TreeEntry[], problems: string[]): ImageCandidate[] {
  for (const need of ["patient", "sequence"] as Placeholder[]) {
    if (!layout.names.includes(need)) throw new Error(`--layout '${layout.pattern}': needs {${need}}`);
  }
  for (const bad of ["region", "folder", "parent"] as Placeholder[]) {
    if (layout.names.includes(bad)) throw new Error(`--layout '${layout.pattern}': {${bad}} belongs in --masks, not in the images' layout`);
  }
  const out: ImageCandidate[] = [];
  for (const e of tree) {
    if (e.folder !== layout.folders) continue;
    const v = matchLayout(layout, e.path);
    if (!v) continue;
    out.push({ sourceKey: v.patient!, shown: e.path, sequence: v.sequence!, timepoint: v.timepoint ?? "", image: e.path, series: "", folder: e.folder, identifiers: [] });
  }
  if (out.length === 0) problems.push(`--layout '${layout.pattern}': no ${layout.folders ? "folder" : "file"} under the data root matches`);
  return out;
}

/** A DICOM series found in the tree. */
interface SeriesFound {
  folder: string;
  folders: Set<string>;
  files: number;
  description?: string;
  number?: string;
  patientKey?: string;
  studyUid?: string;
  uid: string;
  identifiers: Map<string, Identifier>;
}

/**
 * Images of a DICOM tree: image series grouped by SeriesInstanceUID, each mapped to the one sequence whose
 * regular expression matches its SeriesDescription. Refused (as problems): a series spread over several folders,
 * a series without PatientID, a description matching two sequences, two series of one patient matching one
 * sequence. Series matching no sequence are listed in the notes.
 */
export function dicomImages(root: string, scanned: ScannedFile[], patterns: Record<string, string>, problems: string[], notes: string[]): ImageCandidate[] {
  const regexes = Object.entries(patterns).map(([sequence, source]) => {
    try {
      return { sequence, regex: new RegExp(source, "i") };
    } catch (err) {
      throw new Error(`--sequence ${sequence}=${source}: not a valid regular expression (${(err as Error).message})`);
    }
  });
  const series = new Map<string, SeriesFound>();
  const rel = (p: string) => relative(root, p).split(sep).join("/");
  for (const f of scanned) {
    if (!f.dicom?.image) continue;
    const d = f.dicom;
    const uid = d.seriesUid ?? `(no SeriesInstanceUID in ${dirname(rel(f.path))})`;
    const folder = dirname(rel(f.path));
    const s = series.get(uid) ?? {
      folder, folders: new Set<string>(), files: 0, description: d.seriesDescription, number: d.seriesNumber, patientKey: d.patientKey, studyUid: d.studyUid, uid,
      identifiers: new Map<string, Identifier>(),
    };
    s.folders.add(folder);
    for (const id of d.identifiers) s.identifiers.set(`${id.attribute}\u0000${id.value}`, { ...id, source: "" });
    s.files++;
    if (d.patientKey !== s.patientKey) s.patientKey = undefined;
    series.set(uid, s);
  }
  const described = (s: SeriesFound) => `series "${s.description ?? "(no description)"}" (number ${s.number ?? "?"}) in ${s.folder}`;
  const unmatched = new Map<string, number>();
  const chosen = new Map<string, SeriesFound[]>();
  for (const s of series.values()) {
    if (s.folders.size > 1) {
      problems.push(`${described(s)}: its ${s.files} files lie in ${s.folders.size} folders (${[...s.folders].join(", ")}); put each series in one folder`);
      continue;
    }
    const hits = regexes.filter((r) => r.regex.test(s.description ?? ""));
    if (hits.length === 0) {
      const key = s.description ?? "(no description)";
      unmatched.set(key, (unmatched.get(key) ?? 0) + 1);
      continue;
    }
    if (hits.length > 1) {
      problems.push(`${described(s)}: its description matches ${hits.length} sequences (${hits.map((h) => h.sequence).join(", ")}); make the --sequence expressions exclusive`);
      continue;
    }
    if (s.patientKey === undefined) {
      problems.push(`${described(s)}: no single PatientID across its files; the series cannot be given to a patient`);
      continue;
    }
    const key = `${s.patientKey}\u0000${hits[0].sequence}`;
    chosen.set(key, [...(chosen.get(key) ?? []), s]);
  }
  if (unmatched.size) {
    notes.push(`DICOM series matching no --sequence, left out: ${[...unmatched].map(([d, n]) => `"${d}" x ${n}`).join(", ")}`);
  }
  const imagesPerFolder = new Map<string, SeriesFound[]>();
  for (const s of series.values()) imagesPerFolder.set(s.folder, [...(imagesPerFolder.get(s.folder) ?? []), s]);
  const out: ImageCandidate[] = [];
  for (const [key, found] of chosen) {
    const sequence = key.slice(key.indexOf("\u0000") + 1);
    if (found.length > 1) {
      problems.push(`${found.length} series of one patient match sequence ${sequence}: ${found.map(described).join("; ")}; make the --sequence expression match one`);
      continue;
    }
    const s = found[0];
    out.push({ sourceKey: s.patientKey!, shown: described(s), sequence, timepoint: "", image: s.folder, series: seriesSelector(s, imagesPerFolder.get(s.folder)!), folder: true, seriesUid: s.uid, identifiers: [...s.identifiers.values()] });
  }
  return out;
}

/**
 * The `series` field that selects `s` among the image series sharing its folder: none when it is alone, else its
 * SeriesDescription when no other series there has it, else `number:<SeriesNumber>` when unique, else its UID.
 */
function seriesSelector(s: SeriesFound, inFolder: SeriesFound[]): string {
  if (inFolder.length === 1) return "";
  const others = inFolder.filter((o) => o !== s);
  if (s.description && others.every((o) => o.description !== s.description && o.uid !== s.description)) return s.description;
  if (s.number && others.every((o) => o.number !== s.number)) return `number:${s.number}`;
  return s.uid;
}

/** A DICOM-SEG or RTSTRUCT object of the tree: its path under the root and its segment names. */
export interface SegmentationObject {
  path: string;
  segments: string[];
}

/** The tree's segmentation objects by the SeriesInstanceUID they segment; an unreadable object is a problem. */
export async function segmentationsBySeries(root: string, files: string[], problems: string[]): Promise<Map<string, SegmentationObject[]>> {
  const out = new Map<string, SegmentationObject[]>();
  for (const file of files) {
    const path = relative(root, file).split(sep).join("/");
    try {
      const contents = await segmentationContents(file, path);
      if (!contents) continue;
      if (contents.referencedSeries.length === 0) problems.push(`${path}: ${contents.kind} names no referenced series; it cannot be paired with an image`);
      for (const uid of contents.referencedSeries) out.set(uid, [...(out.get(uid) ?? []), { path, segments: contents.segments }]);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return out;
}

