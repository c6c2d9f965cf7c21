/**
 * One pass over the files of a data tree for `alnm manifest init`: each file's SHA-256 and, for DICOM files, the
 * fields that group slices into series. Files are read once; large non-DICOM files are streamed. With several
 * workers the files are spread over worker threads in batches.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { createHash } from "node:crypto";
import { sha256File } from "../checksum";
import { dicomText, inspectDicom } from "../../radiomics/image-header";
import { RT_STRUCTURE_SET_STORAGE, SEGMENTATION_STORAGE } from "../../radiomics/segmentation/dicom-object";
import { WorkerPool } from "../../radiomics/batch/pool";
import { createProgress } from "../../radiomics/batch/progress";
import { ownModulePath } from "../../util/paths";
import { IDENTIFYING_TAGS } from "../../privacy/identifiers";

/** IDENTIFYING_TAGS by numeric tag (group * 65536 + element). */
const IDENTIFYING = new Map(Object.entries(IDENTIFYING_TAGS).map(([tag, name]) => [parseInt(tag.replace("|", ""), 16), name]));


/** What series grouping needs of a DICOM file. `patientKey` (PatientID) stays in memory: it only selects a pseudonym. */
export interface DicomFileFields {
  studyUid?: string;
  seriesUid?: string;
  seriesDescription?: string;
  seriesNumber?: string;
  sopClassUid?: string;
  /** Whether the file is an image slice (has Rows and is not a segmentation or structure set). */
  image: boolean;
  patientKey?: string;
  /** Identifying values (PatientName, dates, ...), held in memory only to keep them out of paths and messages. */
  identifiers: { attribute: string; value: string }[];
}

/** One scanned file: absolute path, SHA-256, DICOM fields (DICOM Part 10 files only) or why it could not be read. */
export interface ScannedFile {
  path: string;
  sha256?: string;
  dicom?: DicomFileFields;
  error?: string;
}

/**
 * Hashes one file and, if it is a DICOM Part 10 file, checks it (truncation, pixel data size) and reads its
 * series fields. Never throws: a problem is returned in `error`, naming the file.
 *
 * @example
 * scanFile("/data/P1/dce/im001.dcm").dicom?.seriesDescription; // "Ax DCE post 1"
 */
export function scanFile(path: string): ScannedFile {
  try {
    if (!startsWithDicomPreamble(path)) return { path, sha256: sha256File(path) };
    const bytes = readFileSync(path);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const inspected = inspectDicom(bytes, path);
    if (!inspected) return { path, sha256 };
    const { info, values } = inspected;
    const dicom: DicomFileFields = {
      studyUid: dicomText(values, 0x0020000d),
      seriesUid: info.seriesUid,
      seriesDescription: info.seriesDescription,
      seriesNumber: info.seriesNumber,
      sopClassUid: info.sopClassUid,
      image: info.rows !== undefined && info.sopClassUid !== SEGMENTATION_STORAGE && info.sopClassUid !== RT_STRUCTURE_SET_STORAGE,
      patientKey: dicomText(values, 0x00100020),
      identifiers: [...IDENTIFYING].flatMap(([tag, attribute]) => {
        const value = dicomText(values, tag);
        return value ? [{ attribute, value }] : [];
      }),
    };
    return { path, sha256, dicom };
  } catch (err) {
    return { path, error: err instanceof Error ? err.message : String(err) };
  }
}

function startsWithDicomPreamble(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(132);
    return readSync(fd, head, 0, 132, 0) === 132 && head.toString("latin1", 128, 132) === "DICM";
  } finally {
    closeSync(fd);
  }
}

/** Files per worker job: large enough to amortise messaging, small enough to keep both threads busy. */
const BATCH = 64;

/**
 * Scans `paths` (in order) on `workers` threads, with a progress bar (or one line per batch) on `progress`.
 * One worker scans in this thread (no thread start-up).
 */
export async function scanFiles(paths: string[], options: { workers?: number; progress?: NodeJS.WriteStream } = {}): Promise<ScannedFile[]> {
  const workers = options.workers ?? 1;
  const reporter = options.progress ? createProgress(paths.length, 0, options.progress, { noun: "files", verb: "scanned", lineEveryMs: 2000 }) : undefined;
  const batches: string[][] = [];
  for (let i = 0; i < paths.length; i += BATCH) batches.push(paths.slice(i, i + BATCH));
  const results: ScannedFile[][] = new Array(batches.length);
  // Progress names no file: a folder name may hold a patient's name.
  const report = (batch: ScannedFile[]) => batch.forEach((f) => reporter?.tick("file", !f.error));
  try {
    if (workers <= 1 || batches.length <= 1) {
      batches.forEach((b, i) => report((results[i] = b.map(scanFile))));
    } else {
      const pool = new WorkerPool<string[], ScannedFile[]>(ownModulePath("manifest/intake/scan-worker"), Math.min(workers, batches.length));
      try {
        await Promise.all(
          batches.map(async (b, i) => {
            const outcome = await pool.run(b);
            results[i] = "error" in outcome ? b.map((path) => ({ path, error: `${path}: ${outcome.error}` })) : outcome.value;
            report(results[i]);
          }),
        );
      } finally {
        await pool.close();
      }
    }
  } finally {
    reporter?.stop();
  }
  return results.flat();
}
