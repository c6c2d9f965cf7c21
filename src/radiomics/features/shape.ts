import { symmetricEigenvalues } from "../linalg";
import type { CroppedRoi } from "../mask";
import { evaluateFeatures, type FeatureFunction } from "./common";
import { CUBE_CORNERS, EDGE_VERTICES, TRIANGLES } from "./marchingcubes";
import { marchingCubesKernel, meshDiametersKernel, type CubeTables } from "../kernels/texture";

/** Mesh and moment quantities the 3D shape features are computed from. */
export interface ShapeData {
  /** Mesh volume V (mm^3). */
  volume: number;
  /** Mesh surface area A (mm^2). */
  surfaceArea: number;
  /** Largest vertex distances: [same slice (z), same column (y), same row (x), any]. */
  diameters: [number, number, number, number];
  /** Eigenvalues of the ROI voxel-centre covariance (mm^2), ascending. */
  eigenValues: Float64Array;
  /** Number of ROI voxels. */
  Np: number;
  /** Voxel volume (mm^3). */
  voxelVolume: number;
}

/** Mesh volume, surface area, largest vertex distances, and the vertices themselves. */
export interface MeshProperties {
  volume: number;
  surfaceArea: number;
  diameters: [number, number, number, number];
  /** Mesh vertices (z, y, x in mm from the padded box corner), each once. */
  vertices: Float64Array;
  /** The same vertices in half-voxel units (integers), z, y, x. */
  vertexKeys: Int32Array;
}

/** The marching-cubes tables in the kernel's flat form, made on first use. */
let cubeTables: CubeTables | null = null;

function flatCubeTables(): CubeTables {
  if (!cubeTables) {
    const triStart = new Int32Array(TRIANGLES.length + 1);
    TRIANGLES.forEach((tri, c) => (triStart[c + 1] = triStart[c] + tri.length));
    cubeTables = {
      corners: Int32Array.from(CUBE_CORNERS.flat()),
      edgeVertices: Float64Array.from(EDGE_VERTICES.flat()),
      triStart,
      triEdges: Int32Array.from(TRIANGLES.flat()),
    };
  }
  return cubeTables;
}

/**
 * Marching-cubes mesh of the ROI as PyRadiomics' cshape.c builds it (vertices at edge midpoints): signed
 * tetrahedron volumes and triangle areas summed in the same order, and the mesh vertices (each stored once)
 * for the diameters. The mesh is built as WebAssembly (kernels/texture.ts): no JavaScript warm-up per extraction.
 */
export function meshProperties(roi: CroppedRoi): MeshProperties {
  const mesh = marchingCubesKernel(roi.mask, roi.count, roi.size, [roi.spacing[2], roi.spacing[1], roi.spacing[0]], flatCubeTables());
  // Largest vertex distances in a slice, column, row and overall (PyRadiomics' calculate_meshDiameter), exact with
  // pruning instead of all O(V^2) pairs; keys are half-voxel indices in the box padded by one voxel.
  const d2 = meshDiametersKernel(mesh.points, mesh.keys, 2 * (Math.max(...roi.size) + 2));
  return {
    volume: mesh.volume6 / 6,
    surfaceArea: mesh.surfaceArea,
    diameters: [Math.sqrt(d2[0]), Math.sqrt(d2[1]), Math.sqrt(d2[2]), Math.sqrt(d2[3])],
    vertices: mesh.points,
    vertexKeys: mesh.keys,
  };
}

/**
 * Eigenvalues (ascending) of the covariance of the ROI voxel centres in physical units,
 * cov = X^T X / Np for centred coordinates; tiny negative rounding errors (> -1e-10) are set to 0.
 */
export function principalMoments(mask: Uint8Array, size: [number, number, number], spacing: [number, number, number]): Float64Array {
  const [nx, ny, nz] = size;
  let n = 0;
  const sum = [0, 0, 0];
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!mask[i]) continue;
        n++;
        sum[0] += z * spacing[2];
        sum[1] += y * spacing[1];
        sum[2] += x * spacing[0];
      }
    }
  }
  const mean = sum.map((s) => s / n);
  const cov = new Float64Array(9);
  const root = Math.sqrt(n);
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!mask[i]) continue;
        const vz = (z * spacing[2] - mean[0]) / root;
        const vy = (y * spacing[1] - mean[1]) / root;
        const vx = (x * spacing[0] - mean[2]) / root;
        cov[0] += vz * vz;
        cov[1] += vz * vy;
        cov[2] += vz * vx;
        cov[4] += vy * vy;
        cov[5] += vy * vx;
        cov[8] += vx * vx;
      }
    }
  }
  cov[3] = cov[1];
  cov[6] = cov[2];
  cov[7] = cov[5];
  const ev = symmetricEigenvalues(cov, 3);
  for (let k = 0; k < 3; k++) if (ev[k] < 0 && ev[k] > -1e-10) ev[k] = 0;
  return ev.sort();
}

/** Mesh volume V (marching cubes). IBSI: volume (mesh). */
export const meshVolume: FeatureFunction<ShapeData> = (s) => s.volume;
/** Voxel volume = Np * V_voxel. IBSI: volume (voxel counting). */
export const voxelVolume: FeatureFunction<ShapeData> = (s) => s.Np * s.voxelVolume;
/** Surface area A of the mesh. IBSI: surface area (mesh). */
export const surfaceArea: FeatureFunction<ShapeData> = (s) => s.surfaceArea;
/** Surface to volume ratio = A / V. IBSI: surface to volume ratio. */
export const surfaceVolumeRatio: FeatureFunction<ShapeData> = (s) => s.surfaceArea / s.volume;
/** Sphericity = (36 pi V^2)^(1/3) / A. IBSI: sphericity. */
export const sphericity: FeatureFunction<ShapeData> = (s) => Math.cbrt(36 * Math.PI * s.volume * s.volume) / s.surfaceArea;
/** Maximum 3D diameter: largest distance between mesh vertices. IBSI: maximum 3D diameter. */
export const maximum3DDiameter: FeatureFunction<ShapeData> = (s) => s.diameters[3];
/** Maximum 2D diameter (slice): largest vertex distance within an axial (z) plane. Not in IBSI. */
export const maximum2DDiameterSlice: FeatureFunction<ShapeData> = (s) => s.diameters[0];
/** Maximum 2D diameter (column): largest vertex distance within a coronal (y) plane. Not in IBSI. */
export const maximum2DDiameterColumn: FeatureFunction<ShapeData> = (s) => s.diameters[1];
/** Maximum 2D diameter (row): largest vertex distance within a sagittal (x) plane. Not in IBSI. */
export const maximum2DDiameterRow: FeatureFunction<ShapeData> = (s) => s.diameters[2];
/** Major axis length = 4 sqrt(lambda_major). IBSI: major axis length. */
export const majorAxisLength: FeatureFunction<ShapeData> = (s) => (s.eigenValues[2] < 0 ? NaN : Math.sqrt(s.eigenValues[2]) * 4);
/** Minor axis length = 4 sqrt(lambda_minor). IBSI: minor axis length. */
export const minorAxisLength: FeatureFunction<ShapeData> = (s) => (s.eigenValues[1] < 0 ? NaN : Math.sqrt(s.eigenValues[1]) * 4);
/** Least axis length = 4 sqrt(lambda_least). IBSI: least axis length. */
export const leastAxisLength: FeatureFunction<ShapeData> = (s) => (s.eigenValues[0] < 0 ? NaN : Math.sqrt(s.eigenValues[0]) * 4);
/** Elongation = sqrt(lambda_minor / lambda_major). IBSI: elongation. */
export const elongation: FeatureFunction<ShapeData> = (s) =>
  s.eigenValues[1] < 0 || s.eigenValues[2] < 0 ? NaN : Math.sqrt(s.eigenValues[1] / s.eigenValues[2]);
/** Flatness = sqrt(lambda_least / lambda_major). IBSI: flatness. */
export const flatness: FeatureFunction<ShapeData> = (s) =>
  s.eigenValues[0] < 0 || s.eigenValues[2] < 0 ? NaN : Math.sqrt(s.eigenValues[0] / s.eigenValues[2]);
/** Compactness 1 = V / sqrt(pi A^3) (deprecated in PyRadiomics; only when named). IBSI: compactness 1. */
export const compactness1: FeatureFunction<ShapeData> = (s) => s.volume / Math.sqrt(Math.PI * s.surfaceArea ** 3);
/** Compactness 2 = 36 pi V^2 / A^3 (deprecated; only when named). IBSI: compactness 2. */
export const compactness2: FeatureFunction<ShapeData> = (s) => (36 * Math.PI * s.volume * s.volume) / s.surfaceArea ** 3;
/** Spherical disproportion = A / (36 pi V^2)^(1/3) (deprecated; only when named). IBSI: spherical disproportion. */
export const sphericalDisproportion: FeatureFunction<ShapeData> = (s) => s.surfaceArea / Math.cbrt(36 * Math.PI * s.volume * s.volume);

/** 3D shape features by PyRadiomics name. */
export const SHAPE_FEATURES: Record<string, FeatureFunction<ShapeData>> = {
  Elongation: elongation,
  Flatness: flatness,
  LeastAxisLength: leastAxisLength,
  MajorAxisLength: majorAxisLength,
  Maximum2DDiameterColumn: maximum2DDiameterColumn,
  Maximum2DDiameterRow: maximum2DDiameterRow,
  Maximum2DDiameterSlice: maximum2DDiameterSlice,
  Maximum3DDiameter: maximum3DDiameter,
  MeshVolume: meshVolume,
  MinorAxisLength: minorAxisLength,
  Sphericity: sphericity,
  SurfaceArea: surfaceArea,
  SurfaceVolumeRatio: surfaceVolumeRatio,
  VoxelVolume: voxelVolume,
};

/**
 * 3D shape features of the ROI cropped to its bounding box (PyRadiomics RadiomicsShape).
 *
 * @example
 * shapeFeatures(roi, null).Sphericity;
 */
export function shapeFeatures(roi: CroppedRoi, names: string[] | null): Record<string, number> {
  const mesh = meshProperties(roi);
  const [sx, sy, sz] = roi.spacing;
  const data: ShapeData = {
    ...mesh,
    eigenValues: principalMoments(roi.mask, roi.size, roi.spacing),
    Np: roi.count,
    voxelVolume: sx * sy * sz,
  };
  return evaluateFeatures("shape", SHAPE_FEATURES, data, names, {
    Compactness1: compactness1,
    Compactness2: compactness2,
    SphericalDisproportion: sphericalDisproportion,
  });
}
