/**
 * The one entry for reading a case's mask: a label map (readImage: NRRD, NIfTI, MetaImage, a DICOM series
 * directory), or one segment of a segmentation file, as a binary mask (1 = segment) on the image's grid:
 *
 * - 3D Slicer .seg.nrrd (seg-nrrd.ts): an NRRD declaring `Segment<k>_Name` fields; segment = Segment<k>_Name.
 * - DICOM-SEG (dicom-seg.ts): a DICOM file of SOP class Segmentation Storage; segment = SegmentLabel (or number).
 * - RTSTRUCT (rtstruct.ts): a DICOM file of SOP class RT Structure Set Storage; segment = ROIName (or number),
 *   rasterised by plastimatch's rule (see rtstruct.ts).
 *
 * The file's kind is read from its content (NRRD key/value fields, DICOM SOPClassUID), not its name. A segment
 * given for a label map is refused (a label map's region is chosen by its label value), and so is a
 * segmentation of several segments without one.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { checkImageHeader } from "../image-header";
import { checkVolumeGeometry, readImage, type Volume } from "../image";
import { readNrrdLayers } from "../nrrd";
import { readDicomObject, RT_STRUCTURE_SET_STORAGE, SEGMENTATION_STORAGE } from "./dicom-object";
import { dicomSegMask } from "./dicom-seg";
import { DEFAULT_GEOMETRY_TOLERANCE } from "./grid";
import { rtStructMask } from "./rtstruct";
import { isSlicerSegmentation, slicerSegmentMask } from "./seg-nrrd";

export interface MaskOptions {
  /** The image the mask belongs to: a segment is put on its grid. */
  image: Volume;
  /** Segment (Slicer segment name, DICOM-SEG SegmentLabel, RTSTRUCT ROIName) to read from a segmentation file. */
  segment?: string;
  /** Geometry tolerance for placing a segmentation on the image's grid (setting geometryTolerance; default 1e-6). */
  geometryTolerance?: number | null;
}

/**
 * Reads the mask at `path` for `options.image`: a label map as it is, or the binary mask of one segment of a
 * segmentation file (label 1). Relative paths are resolved against the working directory; errors name `path`.
 *
 * @example
 * const image = await readImage("case/image.nrrd");
 * const mask = await readMask("case/Segmentation.seg.nrrd", { image, segment: "tumour" }); // 1 = tumour
 */
export async function readMask(path: string, options: MaskOptions): Promise<Volume> {
  const { image, segment } = options;
  const tolerance = options.geometryTolerance ?? DEFAULT_GEOMETRY_TOLERANCE;
  const abs = resolve(path);
  if (!existsSync(abs)) return readImage(path); // refused there: file not found
  if (!statSync(abs).isFile()) {
    if (segment !== undefined) notASegmentation(path, segment);
    return readImage(path);
  }
  if (/\.nrrd$/i.test(abs)) {
    checkImageHeader(abs, path);
    const content = readNrrdLayers(abs, path);
    if (content && isSlicerSegmentation(content)) return slicerSegmentMask(content, segment, image, tolerance, path);
    if (!content && headerNamesSegments(abs)) {
      throw new Error(`${path}: a 3D Slicer segmentation written in a form this reader does not handle (detached data, byte skips, or another encoding, space or axis kind); save it again from 3D Slicer as one .seg.nrrd file`);
    }
    if (segment !== undefined) notASegmentation(path, segment);
    if (content && !content.layered) return checkVolumeGeometry(content.volume, path);
    return readImage(path);
  }
  const sopClass = checkImageHeader(abs, path)?.sopClassUid;
  if (sopClass === SEGMENTATION_STORAGE) return dicomSegMask(await readDicomObject(abs, path), segment, image, tolerance, path);
  if (sopClass === RT_STRUCTURE_SET_STORAGE) return rtStructMask(await readDicomObject(abs, path), segment, image, path);
  if (segment !== undefined) notASegmentation(path, segment);
  return readImage(path);
}

/**
 * A reader of the masks of several cases of one image: each distinct (mask file, segment) is read once.
 *
 * @example
 * const maskOf = caseMaskReader(image, 1e-6);
 * const [a, b] = await Promise.all([maskOf(tumourCase), maskOf(nodeCase)]); // one read when they share a label map
 */
export function caseMaskReader(image: Volume, geometryTolerance?: number | null): (c: { mask: string; segment?: string }) => Promise<Volume> {
  const read = new Map<string, Promise<Volume>>();
  return (c) => {
    const key = JSON.stringify([c.mask, c.segment ?? null]);
    if (!read.has(key)) read.set(key, readMask(c.mask, { image, segment: c.segment, geometryTolerance }));
    return read.get(key)!;
  };
}

/** Whether an NRRD header (up to its blank line, read from the first 64 KiB) names Slicer segments (`Segment0_Name:=`). */
function headerNamesSegments(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(64 * 1024);
    const text = head.toString("latin1", 0, readSync(fd, head, 0, head.length, 0));
    const end = text.indexOf("\n\n");
    return /^Segment\d+_Name:=/m.test(end < 0 ? text : text.slice(0, end));
  } finally {
    closeSync(fd);
  }
}

/** The refusal of a segment name for a file that holds no named segments. */
function notASegmentation(path: string, segment: string): never {
  throw new Error(`${path}: segment "${segment}" given, but the file is not a segmentation (3D Slicer .seg.nrrd, DICOM-SEG or RTSTRUCT file); a label map's region is chosen by its label value`);
}
