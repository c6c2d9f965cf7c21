/**
 * DICOM Segmentation objects (SOP class 1.2.840.10008.5.1.4.1.1.66.4, PS3.3 A.51): each frame is one plane of
 * one segment, 1 bit per pixel (SegmentationType BINARY), pixels packed across frames, least significant bit
 * first (PS3.5 8.1.1). The Per-frame Functional Groups give each frame's segment (Segment Identification:
 * ReferencedSegmentNumber) and position (Plane Position: ImagePositionPatient); orientation and pixel spacing
 * come from the per-frame or the shared functional groups. A segment is chosen by its SegmentLabel (or its
 * SegmentNumber) and its frames are placed on the image's grid (grid.ts): each frame must lie in an image slice
 * plane, on the image's pixel grid.
 */
import type { Volume } from "../image";
import { items, numbers, type DicomObject } from "./dicom-object";
import { emptyMaskLike, gridOffset, stampOnImage, type Grid } from "./grid";
import { pickSegment } from "./segments";

/** A functional group macro of a frame: the per-frame one if present, else the shared one. */
function frameGroup(perFrame: Record<string, any>, shared: Record<string, any>, sequence: string): Record<string, any> | undefined {
  return items(perFrame[sequence])[0] ?? items(shared[sequence])[0];
}

/**
 * The grid of one frame: Columns x Rows pixels from ImagePositionPatient along ImageOrientationPatient (row
 * direction = index axis 0, column direction = axis 1), PixelSpacing = (row spacing, column spacing); its third
 * axis is the image's, so that only the frame's plane and position are compared with the image.
 */
function frameGrid(perFrame: Record<string, any>, shared: Record<string, any>, rows: number, columns: number, image: Volume, what: string): Grid {
  const position = numbers(frameGroup(perFrame, shared, "PlanePositionSequence")?.ImagePositionPatient);
  const orientation = numbers(frameGroup(perFrame, shared, "PlaneOrientationSequence")?.ImageOrientationPatient);
  const pixelSpacing = numbers(frameGroup(perFrame, shared, "PixelMeasuresSequence")?.PixelSpacing);
  if (position.length !== 3 || !position.every(Number.isFinite)) throw new Error(`${what}: no ImagePositionPatient (Plane Position functional group)`);
  if (orientation.length !== 6 || !orientation.every(Number.isFinite)) throw new Error(`${what}: no ImageOrientationPatient (Plane Orientation functional group)`);
  if (pixelSpacing.length !== 2 || !pixelSpacing.every((s) => s > 0)) throw new Error(`${what}: no PixelSpacing (Pixel Measures functional group)`);
  const d = image.direction;
  const direction = [0, 1, 2].flatMap((r) => [orientation[r], orientation[3 + r], d[3 * r + 2]]);
  return { size: [columns, rows, 1], spacing: [pixelSpacing[1], pixelSpacing[0], image.spacing[2]], origin: position as [number, number, number], direction };
}

/**
 * The binary mask (1 = segment) on `image`'s grid of the segment of a DICOM-SEG whose SegmentLabel (or
 * SegmentNumber) is `segment` (without `segment`: its only segment). Refuses FRACTIONAL and compressed
 * segmentations, frames off the image grid and segments with no frame, each naming `shown`.
 */
export function dicomSegMask(object: DicomObject, segment: string | undefined, image: Volume, tolerance: number, shown: string): Volume {
  const ds = object.dataset;
  if (ds.SegmentationType !== "BINARY") {
    throw new Error(`${shown}: DICOM-SEG of SegmentationType ${ds.SegmentationType ?? "(none)"}; only BINARY segmentations are read (a FRACTIONAL one would need a threshold)`);
  }
  if (!object.nativePixels) {
    throw new Error(`${shown}: DICOM-SEG pixel data is stored with transfer syntax ${object.transferSyntax}; only uncompressed little-endian segmentations are read`);
  }
  const segments = items(ds.SegmentSequence).map((s) => ({ name: String(s.SegmentLabel ?? ""), number: Number(s.SegmentNumber) }));
  const chosen = pickSegment(segments, segment, shown);
  const rows = Number(ds.Rows);
  const columns = Number(ds.Columns);
  const frames = Number(ds.NumberOfFrames ?? 1);
  const perFrame = items(ds.PerFrameFunctionalGroupsSequence);
  const shared = items(ds.SharedFunctionalGroupsSequence)[0] ?? {};
  if (Number(ds.BitsAllocated) !== 1) throw new Error(`${shown}: BINARY DICOM-SEG with BitsAllocated ${ds.BitsAllocated}; 1 is required`);
  if (perFrame.length !== frames) throw new Error(`${shown}: ${perFrame.length} per-frame functional group item(s) for ${frames} frame(s)`);
  const bytes = new Uint8Array(items(ds.PixelData)[0] as unknown as ArrayBuffer);
  const pixels = rows * columns;
  if (bytes.length * 8 < pixels * frames) throw new Error(`${shown}: pixel data holds ${bytes.length * 8} bits for ${frames} frame(s) of ${rows} x ${columns}`);
  const mask = emptyMaskLike(image);
  let used = 0;
  perFrame.forEach((fg, f) => {
    const number = Number(frameGroup(fg, shared, "SegmentIdentificationSequence")?.ReferencedSegmentNumber);
    if (number !== chosen.number) return;
    const what = `${shown}: frame ${f + 1} (segment "${chosen.name}")`;
    const grid = frameGrid(fg, shared, rows, columns, image, what);
    const first = f * pixels;
    const isSet = (v: number) => ((bytes[(first + v) >> 3] >> ((first + v) & 7)) & 1) === 1;
    stampOnImage(mask.data, image, grid, gridOffset(grid, image, tolerance, what), isSet, what);
    used++;
  });
  if (used === 0) throw new Error(`${shown}: segment "${chosen.name}" has no frames (nothing is segmented)`);
  return mask;
}
