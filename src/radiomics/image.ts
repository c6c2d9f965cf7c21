import { existsSync, readdirSync, statSync, type Stats } from "node:fs";
import { basename, join, resolve } from "node:path";
import { importEsm } from "../util/esm";
import { quietItk } from "../util/itk-output";
import { checkMultiFrameGeometry } from "./dicom-multiframe";
import { checkImageHeader, type DicomSliceInfo } from "./image-header";
import { alongNormal, sliceGaps } from "./slice-stack";
import { readNrrd } from "./nrrd";
import { rememberStoredVoxels, type StoredArray } from "./stored-voxels";
import { RT_STRUCTURE_SET_STORAGE, SEGMENTATION_STORAGE } from "./segmentation/dicom-object";

/**
 * A scalar 3D image with its physical geometry, as ITK/SimpleITK hold it.
 *
 * Voxel (x, y, z) is `data[x + size[0] * (y + size[1] * z)]` (ITK order, x fastest).
 * `direction` is the 3 x 3 direction cosine matrix in row-major order: column j is the
 * physical direction of index axis j (SimpleITK's `GetDirection()` order).
 * Physical point of index i: `origin + direction * (spacing ⊙ i)`.
 *
 * @example
 * const v = await readImage("data/pyradiomics/brain1_image.nrrd");
 * v.size; // [256, 256, 25]
 */
export interface Volume {
  data: Float64Array;
  size: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  direction: number[];
  /** Pixel component type as stored on disk (itk-wasm name, e.g. "int16", "uint8"); used for diagnostics hashes. */
  pixelType?: string;
  /** 2 when read from a 2D file (stored as one slice, size z = 1); PyRadiomics then computes shape2D, not shape. */
  dimension?: 2 | 3;
}

/** Identity direction matrix (row-major 3 x 3). */
export const IDENTITY_DIRECTION: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/**
 * Builds a Volume from raw values; geometry defaults to unit spacing, zero origin, identity direction.
 *
 * @example
 * const v = makeVolume(new Float64Array(8).fill(1), [2, 2, 2]);
 */
export function makeVolume(
  data: ArrayLike<number>,
  size: [number, number, number],
  geometry: Partial<Pick<Volume, "spacing" | "origin" | "direction">> = {},
): Volume {
  const n = size[0] * size[1] * size[2];
  if (data.length !== n) throw new Error(`makeVolume: ${data.length} values for size ${size.join(" x ")} (${n} voxels)`);
  return {
    data: data instanceof Float64Array ? data : new Float64Array(data),
    size: [size[0], size[1], size[2]],
    spacing: geometry.spacing ? [...geometry.spacing] as [number, number, number] : [1, 1, 1],
    origin: geometry.origin ? [...geometry.origin] as [number, number, number] : [0, 0, 0],
    direction: geometry.direction ? geometry.direction.slice() : IDENTITY_DIRECTION.slice(),
  };
}

/** Converts an itk-wasm `Image` (2D or 3D scalar) to a Volume; a 2D image becomes one slice (size z = 1). */
function fromItkImage(image: any, source: string): Volume {
  const dim: number = image.imageType.dimension;
  if (image.imageType.components !== 1) {
    throw new Error(`${source}: image has ${image.imageType.components} components per voxel; a scalar image is required`);
  }
  if (dim !== 2 && dim !== 3) throw new Error(`${source}: ${dim}D image; only 2D and 3D images are supported`);
  const size: [number, number, number] = [image.size[0], image.size[1], dim === 3 ? image.size[2] : 1];
  const spacing: [number, number, number] = [image.spacing[0], image.spacing[1], dim === 3 ? image.spacing[2] : 1];
  const origin: [number, number, number] = [image.origin[0], image.origin[1], dim === 3 ? image.origin[2] : 0];
  const d = image.direction as ArrayLike<number>;
  const direction =
    dim === 3 ? Array.from(d) : [d[0], d[1], 0, d[2], d[3], 0, 0, 0, 1];
  const n = size[0] * size[1] * size[2];
  if (!image.data || image.data.length !== n) {
    throw new Error(`${source}: pixel data holds ${image.data ? image.data.length : 0} values, header says ${n}`);
  }
  const data = image.data instanceof Float64Array ? image.data : new Float64Array(image.data as ArrayLike<number>);
  rememberStoredVoxels(data, image.imageType.componentType, image.data as StoredArray);
  return { data, size, spacing, origin, direction, pixelType: image.imageType.componentType, dimension: dim };
}

export interface ReadImageOptions {
  /**
   * For a DICOM directory holding several series: the one to read, by SeriesInstanceUID, exact SeriesDescription
   * or `number:<SeriesNumber>` (a manifest case's `series` field).
   */
  series?: string;
}

/**
 * Reads an image or label map (NRRD directly, see nrrd.ts; NIfTI, MetaImage, ... through itk-wasm) or a DICOM series (a directory
 * of DICOM files, sorted by position; `options.series` picks one of several series) into a Volume, keeping spacing, origin and direction.
 * Relative paths are resolved against the working directory (itk-wasm needs absolute paths).
 *
 * @example
 * const image = await readImage("data/pyradiomics/brain1_image.nrrd");
 * const mask = await readImage("data/pyradiomics/brain1_label.nrrd");
 */
export async function readImage(path: string, options: ReadImageOptions = {}): Promise<Volume> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new Error(`${path}: file not found`);
  const stat = statSync(abs);
  if (stat.isDirectory()) return checkVolumeGeometry(await readDicomSeries(abs, path, options.series), path);
  if (options.series !== undefined) throw new Error(`${path}: series "${options.series}" selects a DICOM series, but this is a file, not a DICOM directory`);
  // A FIFO, socket or device would block the read (or never end): only regular files are images.
  if (!stat.isFile()) throw new Error(`${path}: not a regular file (${fileKind(stat)}); give an image file or a DICOM series directory`);
  const dicomInfo = checkImageHeader(abs, path);
  if (/\.nrrd$/i.test(abs)) {
    const nrrd = readNrrd(abs, path);
    if (nrrd) return checkVolumeGeometry(nrrd, path);
  }
  const io = await importEsm("@itk-wasm/image-io");
  let image: any;
  try {
    image = await quietItk(() => io.readImageNode(abs));
  } catch (e) {
    throw new Error(`${path}: cannot read image (${(e as Error).message ?? e}); the file may be truncated, corrupt or of an unsupported format`);
  }
  const volume = checkVolumeGeometry(fromItkImage(image, path), path);
  if (dicomInfo?.frames) await checkMultiFrameGeometry(volume, abs, path);
  return volume;
}

/** What a non-regular, non-directory file is, for the error message. */
function fileKind(stat: Stats): string {
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  return "not a file or directory";
}

/** Largest deviation of a direction column's length from 1 that is accepted (ITK-written files hold ~1e-7). */
const DIRECTION_NORM_TOLERANCE = 1e-3;
/** Smallest |determinant| of a direction matrix that is accepted (ITK refuses a singular direction). */
const DIRECTION_MIN_DETERMINANT = 1e-6;

/**
 * Refuses degenerate geometry: a non-finite origin, spacing or direction, a spacing <= 0, or a direction
 * matrix that is singular (|det| < 1e-6) or whose columns are not unit vectors (within 1e-3), each an
 * Error naming the file and the field. Returns the volume unchanged.
 *
 * @example
 * checkVolumeGeometry(makeVolume([1], [1, 1, 1], { spacing: [0, 1, 1] }), "img.nrrd"); // throws "img.nrrd: spacing ..."
 */
export function checkVolumeGeometry(v: Volume, source: string): Volume {
  const list = (a: readonly number[]) => a.join(", ");
  if (v.origin.some((x) => !Number.isFinite(x))) throw new Error(`${source}: origin (${list(v.origin)}) is not finite`);
  if (v.spacing.some((x) => !Number.isFinite(x))) throw new Error(`${source}: spacing (${list(v.spacing)}) is not finite`);
  if (v.spacing.some((x) => x <= 0)) throw new Error(`${source}: spacing (${list(v.spacing)}) must be > 0 in every dimension`);
  const d = v.direction;
  if (d.length !== 9 || d.some((x) => !Number.isFinite(x))) throw new Error(`${source}: direction [${list(d)}] is not a finite 3 x 3 matrix`);
  for (let j = 0; j < 3; j++) {
    const norm = Math.hypot(d[j], d[3 + j], d[6 + j]);
    if (!(Math.abs(norm - 1) <= DIRECTION_NORM_TOLERANCE)) {
      throw new Error(`${source}: direction [${list(d)}] is not orthonormal (column ${j} has length ${norm}, expected 1)`);
    }
  }
  const det =
    d[0] * (d[4] * d[8] - d[5] * d[7]) - d[1] * (d[3] * d[8] - d[5] * d[6]) + d[2] * (d[3] * d[7] - d[4] * d[6]);
  if (!(Math.abs(det) >= DIRECTION_MIN_DETERMINANT)) {
    throw new Error(`${source}: direction [${list(d)}] is singular (determinant ${det}); the image axes must be independent`);
  }
  return v;
}

/**
 * Refuses a directory that is not one consistent series, before itk-wasm would silently pick one series or merge
 * slices that do not belong together: several SeriesInstanceUIDs (e.g. DCE phases, or pre- and post-contrast in one
 * folder), slices of another matrix size or orientation, two slices at one ImagePositionPatient (their spacing
 * would be invented), or uneven slice spacing (a missing slice would be stretched over). UIDs are not printed (they can link a series to a patient); files are named by their folder entry.
 */
function checkDicomSeries(slices: (DicomSliceInfo & { name: string })[], shown: string): void {
  if (slices.length === 0) return; // no Part 10 little-endian files: itk-wasm decides (and names its error)
  const bySeries = new Map<string, string[]>();
  for (const s of slices) {
    const key = s.seriesUid ?? "(no SeriesInstanceUID)";
    bySeries.set(key, [...(bySeries.get(key) ?? []), s.name]);
  }
  if (bySeries.size > 1) {
    const groups = [...bySeries.values()].map((names, k) => `series ${k + 1}: ${names.length} file(s), e.g. ${names[0]}`);
    throw new Error(
      `${shown}: holds ${bySeries.size} DICOM series (${groups.join("; ")}); name the one to read with the manifest's series field ` +
        `(SeriesDescription, number:<SeriesNumber> or SeriesInstanceUID; here: ${describeSeries(slices)})`,
    );
  }
  const first = slices[0];
  const odd = slices.find((s) => s.rows !== first.rows || s.columns !== first.columns);
  if (odd) {
    throw new Error(`${odd.name}: Rows x Columns ${odd.rows} x ${odd.columns} differ from ${first.name}'s ${first.rows} x ${first.columns}; a series' slices must share one matrix size`);
  }
  const byPosition = new Map<string, string>();
  for (const s of slices) {
    if (s.position === undefined) continue;
    const key = s.position.split("\\").map((v) => Number(v).toFixed(4)).join(",");
    const other = byPosition.get(key);
    if (other) throw new Error(`${s.name}: slice at the same ImagePositionPatient (${s.position}) as ${other}; duplicate slices would make the slice spacing meaningless`);
    byPosition.set(key, s.name);
  }
  const numbers = (text: string | undefined) => (text === undefined ? undefined : text.split("\\").map(Number));
  const tilted = slices.find((s) => !sameNumbers(numbers(s.orientation), numbers(first.orientation), 1e-4));
  if (tilted) {
    throw new Error(`${tilted.name}: ImageOrientationPatient (${tilted.orientation}) differs from ${first.name}'s (${first.orientation}); a series' slices must share one orientation`);
  }
  // Slices must be evenly spaced along the normal: a gap (a missing slice) would be stretched over by one average spacing.
  const iop = numbers(first.orientation);
  const located = slices.filter((s) => s.position !== undefined);
  if (iop?.length === 6 && iop.every(Number.isFinite) && located.length === slices.length && slices.length >= 3) {
    const { odd, typical } = sliceGaps(alongNormal(iop, located.map((s) => ({ name: s.name, position: numbers(s.position)! }))));
    if (odd) {
      throw new Error(`${shown}: slices are not evenly spaced: ${odd.gap.toFixed(3)} mm between ${odd.from} and ${odd.to}, ${typical.toFixed(3)} mm elsewhere (a missing or extra slice?); the volume's slice spacing would be wrong`);
    }
  }
}

/** Whether two number lists are both absent or equal within `tolerance` entry by entry. */
function sameNumbers(a: number[] | undefined, b: number[] | undefined, tolerance: number): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= tolerance);
}

/** SOP classes that share a study's folders but are not image slices: Segmentation and RT Structure Set. */
const NON_IMAGE_SOP_CLASSES = new Set([SEGMENTATION_STORAGE, RT_STRUCTURE_SET_STORAGE]);

/**
 * Whether a slice belongs to the series a manifest's `series` field names: its SeriesInstanceUID, its
 * SeriesDescription (exact text) or `number:<SeriesNumber>`.
 *
 * @example
 * seriesMatches("number:7", { seriesNumber: "7" }); // true
 */
export function seriesMatches(selector: string, s: DicomSliceInfo): boolean {
  return selector === s.seriesUid || selector === s.seriesDescription || selector === `number:${s.seriesNumber}`;
}

/**
 * Reads the DICOM image slices of a directory as one series (segmentation and structure-set objects beside them
 * are left out). With `series`, only that series' slices are read (see {@link seriesMatches}); the selector must
 * name exactly one series.
 */
async function readDicomSeries(dir: string, shown: string, series?: string): Promise<Volume> {
  let files = readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
  if (files.length === 0) throw new Error(`${shown}: directory holds no DICOM files`);
  // One read per file: the header check returns the series fields of each DICOM slice.
  let slices = files.flatMap((f) => {
    const name = join(shown, basename(f));
    const info = checkImageHeader(f, name);
    return info ? [{ name, file: f, ...info }] : [];
  });
  slices = slices.filter((s) => s.rows !== undefined && !NON_IMAGE_SOP_CLASSES.has(s.sopClassUid ?? ""));
  if (series !== undefined) {
    const seriesUids = new Set(slices.filter((s) => seriesMatches(series, s)).map((s) => s.seriesUid));
    if (seriesUids.size !== 1) {
      const described = describeSeries(slices);
      throw new Error(
        seriesUids.size === 0
          ? `${shown}: no DICOM series matches series "${series}" (by SeriesInstanceUID, SeriesDescription or number:<SeriesNumber>); here: ${described}`
          : `${shown}: series "${series}" matches ${seriesUids.size} DICOM series (${described}); select one by number:<SeriesNumber> or SeriesInstanceUID`,
      );
    }
    slices = slices.filter((s) => seriesUids.has(s.seriesUid));
  }
  checkDicomSeries(slices, shown);
  if (slices.length > 0) files = slices.map((s) => s.file);
  const dicom = await importEsm("@itk-wasm/dicom");
  let result: any;
  try {
    result = await quietItk(() => dicom.readImageDicomFileSeriesNode({ inputImages: files }));
  } catch (e) {
    throw new Error(`${shown}: cannot read DICOM series (${(e as Error).message ?? e})`);
  }
  const volume = fromItkImage(result.outputImage, shown);
  if (slices.length === 1 && slices[0].frames) await checkMultiFrameGeometry(volume, slices[0].file, slices[0].name);
  return volume;
}

/** The series among `slices` as `"description" (number N, k files)`, for messages (UIDs are not printed). */
function describeSeries(slices: DicomSliceInfo[]): string {
  const groups = new Map<string, DicomSliceInfo[]>();
  for (const s of slices) groups.set(s.seriesUid ?? "", [...(groups.get(s.seriesUid ?? "") ?? []), s]);
  return [...groups.values()]
    .map((g) => `"${g[0].seriesDescription ?? "(no description)"}" (number ${g[0].seriesNumber ?? "?"}, ${g.length} file(s))`)
    .join(", ");
}

/**
 * Continuous index (i, j, k) to physical point: `origin + direction * (spacing ⊙ index)`
 * (ITK's TransformContinuousIndexToPhysicalPoint).
 */
export function indexToPhysical(v: Volume, index: [number, number, number]): [number, number, number] {
  const s = [index[0] * v.spacing[0], index[1] * v.spacing[1], index[2] * v.spacing[2]];
  const d = v.direction;
  return [
    v.origin[0] + d[0] * s[0] + d[1] * s[1] + d[2] * s[2],
    v.origin[1] + d[3] * s[0] + d[4] * s[1] + d[5] * s[2],
    v.origin[2] + d[6] * s[0] + d[7] * s[1] + d[8] * s[2],
  ];
}

/**
 * Physical point to continuous index (i, j, k): the inverse of {@link indexToPhysical},
 * `diag(1 / spacing) * direction^-1 * (point - origin)` (ITK's TransformPhysicalPointToContinuousIndex).
 * The direction matrix is inverted exactly (adjugate / determinant), not transposed, so a direction that is
 * orthonormal only to file precision still round-trips.
 */
export function physicalToIndex(v: Volume, point: readonly [number, number, number] | readonly number[]): [number, number, number] {
  const d = v.direction;
  const det = d[0] * (d[4] * d[8] - d[5] * d[7]) - d[1] * (d[3] * d[8] - d[5] * d[6]) + d[2] * (d[3] * d[7] - d[4] * d[6]);
  const inv = [
    d[4] * d[8] - d[5] * d[7], d[2] * d[7] - d[1] * d[8], d[1] * d[5] - d[2] * d[4],
    d[5] * d[6] - d[3] * d[8], d[0] * d[8] - d[2] * d[6], d[2] * d[3] - d[0] * d[5],
    d[3] * d[7] - d[4] * d[6], d[1] * d[6] - d[0] * d[7], d[0] * d[4] - d[1] * d[3],
  ].map((x) => x / det);
  const r = [point[0] - v.origin[0], point[1] - v.origin[1], point[2] - v.origin[2]];
  return [0, 1, 2].map((a) => (inv[3 * a] * r[0] + inv[3 * a + 1] * r[1] + inv[3 * a + 2] * r[2]) / v.spacing[a]) as [number, number, number];
}
