/**
 * Multi-frame DICOM images (e.g. enhanced MR): one file whose frames are placed by the per-frame functional groups
 * (PlanePositionSequence) with pixel spacing and orientation in the shared or per-frame groups. itk-wasm (GDCM)
 * reads them, but when the frames are not evenly spaced it returns a 1 x 1 x 1 mm grid without a word. So the grid
 * it returns is checked against the file's own frame positions, and frames that cannot form one regular grid are
 * refused by name.
 */
import type { Volume } from "./image";
import { items, numbers, readDicomObject } from "./segmentation/dicom-object";
import { alongNormal, sliceGaps, sliceNormal } from "./slice-stack";

/** A frame's geometry as the functional groups give it (per-frame groups override the shared ones). */
interface FrameGeometry {
  position: number[];
  orientation: number[];
  /** PixelSpacing: row spacing, column spacing. */
  pixelSpacing: number[];
}

/**
 * Throws when the frames of the multi-frame DICOM `file` do not form one evenly spaced stack (duplicate positions,
 * uneven gaps, mixed spacing or orientation), or when `volume` (the reader's result) has another spacing or origin
 * than the frames give. Errors name `shown`.
 *
 * @example
 * await checkMultiFrameGeometry(await readImage("enhanced.dcm"), "/abs/enhanced.dcm", "enhanced.dcm");
 */
export async function checkMultiFrameGeometry(volume: Volume, file: string, shown: string): Promise<void> {
  const { dataset: ds } = await readDicomObject(file, shown);
  const shared = items(ds.SharedFunctionalGroupsSequence)[0] ?? {};
  const group = (frame: Record<string, any>, name: string) => items(frame[name])[0] ?? items(shared[name])[0];
  const frames: FrameGeometry[] = items(ds.PerFrameFunctionalGroupsSequence).map((f) => ({
    position: numbers(group(f, "PlanePositionSequence")?.ImagePositionPatient),
    orientation: numbers(group(f, "PlaneOrientationSequence")?.ImageOrientationPatient),
    pixelSpacing: numbers(group(f, "PixelMeasuresSequence")?.PixelSpacing),
  }));
  if (frames.length < 2) return; // no per-frame geometry: a classic multi-frame file, left to the reader
  const first = frames[0];
  const same = (a: number[], b: number[], tol: number) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= tol);
  frames.forEach((f, k) => {
    if (f.position.length !== 3 || f.orientation.length !== 6 || f.pixelSpacing.length !== 2) {
      throw new Error(`${shown}: frame ${k + 1} lacks ImagePositionPatient, ImageOrientationPatient or PixelSpacing in its functional groups; its place in the volume is unknown`);
    }
    if (!same(f.orientation, first.orientation, 1e-4)) throw new Error(`${shown}: frame ${k + 1}'s orientation (${f.orientation.join(", ")}) differs from frame 1's (${first.orientation.join(", ")})`);
    if (!same(f.pixelSpacing, first.pixelSpacing, 1e-6)) throw new Error(`${shown}: frame ${k + 1}'s PixelSpacing (${f.pixelSpacing.join(", ")}) differs from frame 1's (${first.pixelSpacing.join(", ")})`);
  });
  const normal = sliceNormal(first.orientation);
  const along = alongNormal(first.orientation, frames.map((f, k) => ({ name: k + 1, position: f.position })));
  const { gaps, typical, odd } = sliceGaps(along);
  const duplicate = gaps.find((g) => Math.abs(g.gap) < 1e-4);
  if (duplicate) {
    throw new Error(`${shown}: frames ${duplicate.from} and ${duplicate.to} share one position: the file holds several stacks (e.g. echoes, b-values or phases); split it into one series per stack`);
  }
  // The reader stacks frames in stored order: they must run monotonically along the normal, one way or the other.
  const stored = [...along].sort((a, b) => a.name - b.name);
  const steps = stored.slice(1).map((f, i) => Math.sign(f.d - stored[i].d));
  const turn = steps.findIndex((s) => s !== steps[0]);
  if (turn >= 0) {
    throw new Error(`${shown}: frames are not stored in slice order (frame ${turn + 2} turns back along the slice normal); the volume would interleave slices`);
  }
  if (odd) {
    throw new Error(`${shown}: frames are not evenly spaced: ${odd.gap.toFixed(3)} mm between frames ${odd.from} and ${odd.to}, ${typical.toFixed(3)} mm elsewhere; the volume would have no single slice spacing`);
  }
  // The reader's grid: columns along x (column spacing), rows along y (row spacing), frames along z.
  const expected = [first.pixelSpacing[1], first.pixelSpacing[0], typical];
  const ends = [frames[along[0].name - 1].position, frames[along[along.length - 1].name - 1].position];
  // The origin is the frame the volume's third axis starts from: the lowest along the normal when that axis points along it.
  const d = volume.direction;
  const origin = d[2] * normal[0] + d[5] * normal[1] + d[8] * normal[2] > 0 ? ends[0] : ends[1];
  const tol = 1e-3;
  if (!same(volume.spacing, expected, tol) || !same(volume.origin, origin, tol)) {
    throw new Error(
      `${shown}: the image reader's grid (spacing ${volume.spacing.join(", ")}, origin ${volume.origin.join(", ")}) disagrees with the file's frames ` +
        `(spacing ${expected.join(", ")}, first frame at ${ends[0].join(", ")}); refusing rather than extracting on a wrong grid`,
    );
  }
}
