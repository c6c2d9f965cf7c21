import { symmetricEigenvalues } from "../linalg";
import type { CroppedRoi } from "../mask";
import { evaluateFeatures, type FeatureFunction } from "./common";
import { SEGMENTS, SQUARE_CORNERS, SQUARE_EDGE_VERTICES } from "./marchingcubes";

/** Quantities the 2D shape features are computed from. */
export interface Shape2DData {
  /** Mesh (polygon) area S. */
  surface: number;
  /** Mesh perimeter P. */
  perimeter: number;
  /** Largest distance between mesh vertices. */
  diameter: number;
  /** Eigenvalues of the pixel-centre covariance, ascending. */
  eigenValues: Float64Array;
  Np: number;
  /** Pixel area. */
  pixelArea: number;
}

/**
 * Extracts the single-slice ROI plane orthogonal to numpy axis `dimension` (0 = z, 1 = y, 2 = x) as a
 * 2D mask padded by one pixel, with its (row, column) spacing.
 */
function plane(roi: CroppedRoi, dimension: number): { mask: Uint8Array; rows: number; cols: number; spacing: [number, number] } {
  const sizeZyx = [roi.size[2], roi.size[1], roi.size[0]];
  const spacingZyx = [roi.spacing[2], roi.spacing[1], roi.spacing[0]];
  if (sizeZyx[dimension] !== 1) {
    throw new Error(`shape2D: the ROI spans ${sizeZyx[dimension]} slices along force2Ddimension ${dimension}; one is required`);
  }
  const axes = [0, 1, 2].filter((d) => d !== dimension);
  const rows = sizeZyx[axes[0]] + 2;
  const cols = sizeZyx[axes[1]] + 2;
  const mask = new Uint8Array(rows * cols);
  const [nx, ny] = roi.size;
  for (let i = 0; i < roi.mask.length; i++) {
    if (!roi.mask[i]) continue;
    const zyx = [Math.floor(i / (nx * ny)), Math.floor(i / nx) % ny, i % nx];
    mask[(zyx[axes[0]] + 1) * cols + zyx[axes[1]] + 1] = 1;
  }
  return { mask, rows, cols, spacing: [spacingZyx[axes[0]], spacingZyx[axes[1]]] };
}

/**
 * Marching-squares contour of a padded 2D mask as PyRadiomics' cshape.c builds it: polygon area (signed
 * cross products), perimeter and the largest distance between contour vertices.
 */
export function contourProperties(mask: Uint8Array, rows: number, cols: number, spacing: [number, number]): { surface: number; perimeter: number; diameter: number } {
  let surface = 0;
  let perimeter = 0;
  const points: number[] = [];
  for (let iy = 0; iy < rows - 1; iy++) {
    for (let ix = 0; ix < cols - 1; ix++) {
      let square = 0;
      for (let k = 0; k < 4; k++) if (mask[(iy + SQUARE_CORNERS[k][0]) * cols + ix + SQUARE_CORNERS[k][1]]) square |= 1 << k;
      if (square === 0 || square === 0xf) continue;
      const seg = SEGMENTS[square];
      for (let t = 0; t < seg.length; t += 2) {
        const va = SQUARE_EDGE_VERTICES[seg[t]];
        const vb = SQUARE_EDGE_VERTICES[seg[t + 1]];
        const a0 = (iy + va[0]) * spacing[0];
        const a1 = (ix + va[1]) * spacing[1];
        const b0 = (iy + vb[0]) * spacing[0];
        const b1 = (ix + vb[1]) * spacing[1];
        surface += a0 * b1 - b0 * a1;
        perimeter += Math.sqrt((a0 - b0) ** 2 + (a1 - b1) ** 2);
      }
      // Vertices on edges 3 and 2 (next to corner 3, outside after the flip), each stored once.
      if (square > 7) square ^= 0xf;
      if (square & 1) points.push((iy + SQUARE_EDGE_VERTICES[3][0]) * spacing[0], (ix + SQUARE_EDGE_VERTICES[3][1]) * spacing[1]);
      if (square & 4) points.push((iy + SQUARE_EDGE_VERTICES[2][0]) * spacing[0], (ix + SQUARE_EDGE_VERTICES[2][1]) * spacing[1]);
    }
  }
  let best = 0;
  for (let a = 0; a < points.length; a += 2) {
    for (let b = a + 2; b < points.length; b += 2) {
      const d = (points[a] - points[b]) ** 2 + (points[a + 1] - points[b + 1]) ** 2;
      if (d > best) best = d;
    }
  }
  return { surface: surface / 2, perimeter, diameter: Math.sqrt(best) };
}

/** Mesh surface S (marching squares polygon area). IBSI: not defined (2D). */
export const meshSurface: FeatureFunction<Shape2DData> = (s) => s.surface;
/** Pixel surface = Np * pixel area. */
export const pixelSurface: FeatureFunction<Shape2DData> = (s) => s.Np * s.pixelArea;
/** Perimeter P of the contour. */
export const perimeter: FeatureFunction<Shape2DData> = (s) => s.perimeter;
/** Perimeter to surface ratio = P / S. */
export const perimeterSurfaceRatio: FeatureFunction<Shape2DData> = (s) => s.perimeter / s.surface;
/** Sphericity (circularity) = 2 sqrt(pi S) / P. */
export const sphericity: FeatureFunction<Shape2DData> = (s) => (2 * Math.sqrt(Math.PI * s.surface)) / s.perimeter;
/** Spherical disproportion = P / (2 sqrt(pi S)) (deprecated; only when named). */
export const sphericalDisproportion: FeatureFunction<Shape2DData> = (s) => s.perimeter / (2 * Math.sqrt(Math.PI * s.surface));
/** Maximum diameter: largest distance between contour vertices. */
export const maximumDiameter: FeatureFunction<Shape2DData> = (s) => s.diameter;
/** Major axis length = 4 sqrt(lambda_major). */
export const majorAxisLength: FeatureFunction<Shape2DData> = (s) => (s.eigenValues[1] < 0 ? NaN : 4 * Math.sqrt(s.eigenValues[1]));
/** Minor axis length = 4 sqrt(lambda_minor). */
export const minorAxisLength: FeatureFunction<Shape2DData> = (s) => (s.eigenValues[0] < 0 ? NaN : 4 * Math.sqrt(s.eigenValues[0]));
/** Elongation = sqrt(lambda_minor / lambda_major). */
export const elongation: FeatureFunction<Shape2DData> = (s) =>
  s.eigenValues[0] < 0 || s.eigenValues[1] < 0 ? NaN : Math.sqrt(s.eigenValues[0] / s.eigenValues[1]);

/** 2D shape features by PyRadiomics name. */
export const SHAPE2D_FEATURES: Record<string, FeatureFunction<Shape2DData>> = {
  Elongation: elongation,
  MajorAxisLength: majorAxisLength,
  MaximumDiameter: maximumDiameter,
  MeshSurface: meshSurface,
  MinorAxisLength: minorAxisLength,
  Perimeter: perimeter,
  PerimeterSurfaceRatio: perimeterSurfaceRatio,
  PixelSurface: pixelSurface,
  Sphericity: sphericity,
};

/**
 * 2D shape features of a single-slice ROI (PyRadiomics RadiomicsShape2D), in the plane orthogonal to
 * numpy axis `force2Ddimension`.
 *
 * @example
 * shape2DFeatures(roi, 0, null).Perimeter;
 */
export function shape2DFeatures(roi: CroppedRoi, force2Ddimension: number, names: string[] | null): Record<string, number> {
  const p = plane(roi, force2Ddimension);
  const contour = contourProperties(p.mask, p.rows, p.cols, p.spacing);
  let n = 0;
  let m0 = 0;
  let m1 = 0;
  for (let r = 0; r < p.rows; r++) {
    for (let c = 0; c < p.cols; c++) {
      if (!p.mask[r * p.cols + c]) continue;
      n++;
      m0 += r * p.spacing[0];
      m1 += c * p.spacing[1];
    }
  }
  m0 /= n;
  m1 /= n;
  const cov = new Float64Array(4);
  for (let r = 0; r < p.rows; r++) {
    for (let c = 0; c < p.cols; c++) {
      if (!p.mask[r * p.cols + c]) continue;
      const u = (r * p.spacing[0] - m0) / Math.sqrt(n);
      const v = (c * p.spacing[1] - m1) / Math.sqrt(n);
      cov[0] += u * u;
      cov[1] += u * v;
      cov[3] += v * v;
    }
  }
  cov[2] = cov[1];
  const ev = symmetricEigenvalues(cov, 2);
  for (let k = 0; k < 2; k++) if (ev[k] < 0 && ev[k] > -1e-10) ev[k] = 0;
  const data: Shape2DData = { ...contour, eigenValues: ev.sort(), Np: n, pixelArea: p.spacing[0] * p.spacing[1] };
  return evaluateFeatures("shape2D", SHAPE2D_FEATURES, data, names, { SphericalDisproportion: sphericalDisproportion });
}
