/**
 * RT Structure Sets (SOP class 1.2.840.10008.5.1.4.1.1.481.3, PS3.3 A.19): each ROI (StructureSetROISequence:
 * ROINumber, ROIName) is a stack of planar polygons in patient coordinates (ROIContourSequence ->
 * ContourSequence: ContourGeometricType, ContourData x\y\z...). An ROI chosen by ROIName (or ROINumber) is
 * rasterised onto the image's grid by this rule, plastimatch's default (its `rasterize_slice`, contours of one
 * slice OR-ed):
 *
 * 1. Slice: every contour must lie in the centre plane of one image slice: the continuous slice index of each of
 *    its points (physical point -> image index, through the image's direction and spacing) within
 *    {@link CONTOUR_PLANE_TOLERANCE} of one whole number k, with 0 <= k < slices. A contour across planes or
 *    between them is refused (named by ROI and contour number), never snapped to the nearest slice.
 * 2. Inside: on that slice a voxel belongs to the contour when its centre is inside the polygon by the even-odd
 *    rule: a ray from the centre towards increasing column index crosses the polygon's edges an odd number of
 *    times. An edge counts when one end is on or below the centre's row and the other above it (in index units),
 *    so a centre exactly on the boundary is inside on the low-index sides and outside on the high-index ones
 *    (a rectangle with corners on voxel centres (x0, y0), (x1, y1) holds columns x0..x1-1 and rows y0..y1-1).
 * 3. Union: the contours of one ROI on one slice are combined by OR (a hole drawn as a separate inner contour is
 *    therefore filled, as in plastimatch without --xor-contours).
 *
 * Only CLOSED_PLANAR contours enclose voxels: other types (POINT, OPEN_PLANAR, ...) are refused, as are contours
 * with fewer than 3 points or reaching outside the image. Nothing but ROI names and numbers is read from the
 * file's attributes; no identifier of the file reaches a mask or a message.
 */
import { physicalToIndex, type Volume } from "../image";
import { items, numbers, type DicomObject } from "./dicom-object";
import { emptyMaskLike } from "./grid";
import { pickSegment } from "./segments";

/** Largest distance (in slices) of a contour point from its slice's centre plane: 0.001 slice (2.5 µm at 2.5 mm). */
export const CONTOUR_PLANE_TOLERANCE = 1e-3;

/** A contour in image index units: its slice and its polygon's (column, row) vertices. */
interface SliceContour {
  slice: number;
  polygon: [number, number][];
}

/** One contour's points in image index units, checked to lie in one slice plane inside the image. */
function contourOnSlice(contour: Record<string, any>, image: Volume, what: string): SliceContour {
  const type = String(contour.ContourGeometricType ?? "");
  if (type !== "CLOSED_PLANAR") throw new Error(`${what} is ${type || "of no ContourGeometricType"}; only CLOSED_PLANAR contours enclose voxels`);
  const data = numbers(contour.ContourData);
  if (data.length % 3 !== 0 || data.length < 9 || !data.every(Number.isFinite)) {
    throw new Error(`${what} has ${data.length} ContourData values; a polygon needs x\\y\\z triples for at least 3 points`);
  }
  const points = Array.from({ length: data.length / 3 }, (_v, p) => physicalToIndex(image, [data[3 * p], data[3 * p + 1], data[3 * p + 2]]));
  const ks = points.map((p) => p[2]);
  const slice = Math.round(ks[0]);
  if (ks.some((k) => !(Math.abs(k - slice) <= CONTOUR_PLANE_TOLERANCE))) {
    const [lo, hi] = [Math.min(...ks), Math.max(...ks)];
    throw new Error(`${what} is not in an image slice plane: its points lie at slice index ${lo} to ${hi} (a contour must lie within ${CONTOUR_PLANE_TOLERANCE} of one slice's centre plane)`);
  }
  if (slice < 0 || slice >= image.size[2]) throw new Error(`${what} lies on slice index ${slice}, outside the image's slices 0..${image.size[2] - 1}`);
  const outside = points.find((p) => p[0] < -0.5 || p[1] < -0.5 || p[0] > image.size[0] - 0.5 || p[1] > image.size[1] - 0.5);
  if (outside) throw new Error(`${what} reaches outside the image: a point at image index (${outside.join(", ")}), image size ${image.size.join(" x ")}`);
  return { slice, polygon: points.map((p) => [p[0], p[1]]) };
}

/** Sets to 1 the voxels of slice `c.slice` whose centres are inside `c.polygon` (even-odd rule, see above). */
function fillContour(target: Float64Array, image: Volume, c: SliceContour): void {
  const [nx, ny] = image.size;
  const n = c.polygon.length;
  for (let row = 0; row < ny; row++) {
    const crossings: number[] = [];
    for (let e = 0; e < n; e++) {
      const [ax, ay] = c.polygon[e];
      const [bx, by] = c.polygon[(e + 1) % n];
      if (ay > row !== by > row) crossings.push(ax + ((row - ay) * (bx - ax)) / (by - ay));
    }
    crossings.sort((a, b) => a - b);
    // Columns x with crossings[2m] <= x < crossings[2m + 1] have an odd number of crossings beyond them.
    for (let m = 0; m + 1 < crossings.length; m += 2) {
      const from = Math.max(0, Math.ceil(crossings[m]));
      const to = Math.min(nx, Math.ceil(crossings[m + 1]));
      for (let x = from; x < to; x++) target[x + nx * (row + ny * c.slice)] = 1;
    }
  }
}

/**
 * The binary mask (1 = ROI) on `image`'s grid of the ROI of an RT Structure Set whose ROIName (or ROINumber)
 * is `segment` (without `segment`: its only ROI), by the rule above.
 */
export function rtStructMask(object: DicomObject, segment: string | undefined, image: Volume, shown: string): Volume {
  const ds = object.dataset;
  const rois = items(ds.StructureSetROISequence).map((r) => ({ name: String(r.ROIName ?? ""), number: Number(r.ROINumber) }));
  const chosen = pickSegment(rois, segment, shown);
  const roiContours = items(ds.ROIContourSequence).filter((r) => Number(r.ReferencedROINumber) === chosen.number);
  const contours = roiContours.flatMap((r) => items(r.ContourSequence));
  if (contours.length === 0) throw new Error(`${shown}: ROI "${chosen.name}" has no contours (nothing is segmented)`);
  const mask = emptyMaskLike(image);
  contours.forEach((c, i) => fillContour(mask.data, image, contourOnSlice(c, image, `${shown}: ROI "${chosen.name}" contour ${i + 1}`)));
  return mask;
}
