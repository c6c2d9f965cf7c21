import type { Volume } from "../image";
import type { IbsiRoi } from "./roi";

/** Radius (mm) of the 1 cm^3 sphere of the intensity peaks: (3 / (4 pi) x 1000 mm^3)^(1/3), about 6.2 mm. */
export const PEAK_RADIUS = Math.cbrt((3 * 1000) / (4 * Math.PI));

/**
 * Local intensity features (IBSI family 9ST6): the mean intensity of all image voxels (inside the ROI or not)
 * whose centres lie within the 1 cm^3 sphere centred on a voxel.
 * - local intensity peak (VJGA): that mean around the intensity-mask voxel(s) of highest intensity (the largest
 *   mean when several share the maximum);
 * - global intensity peak (0F91): the largest such mean over every intensity-mask voxel.
 */
export function localIntensityFeatures(image: Volume, roi: IbsiRoi): Record<string, number> {
  const [nx, ny, nz] = image.size;
  const [sx, sy, sz] = image.spacing;
  const reach = [Math.floor(PEAK_RADIUS / sx), Math.floor(PEAK_RADIUS / sy), Math.floor(PEAK_RADIUS / sz)];
  const kernel: number[][] = [];
  for (let dz = -reach[2]; dz <= reach[2]; dz++) {
    for (let dy = -reach[1]; dy <= reach[1]; dy++) {
      for (let dx = -reach[0]; dx <= reach[0]; dx++) {
        if (Math.hypot(dx * sx, dy * sy, dz * sz) <= PEAK_RADIUS * (1 + 1e-12)) kernel.push([dx, dy, dz]);
      }
    }
  }
  const meanAround = (x: number, y: number, z: number) => {
    let s = 0;
    let n = 0;
    for (const [dx, dy, dz] of kernel) {
      const u = x + dx, v = y + dy, w = z + dz;
      if (u < 0 || v < 0 || w < 0 || u >= nx || v >= ny || w >= nz) continue;
      s += image.data[u + nx * (v + ny * w)];
      n++;
    }
    return s / n;
  };
  let maxIntensity = -Infinity;
  let local = -Infinity;
  let global = -Infinity;
  const [bx, by, bz] = roi.size;
  for (let z = 0, i = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      for (let x = 0; x < bx; x++, i++) {
        if (!roi.intensity[i]) continue;
        const m = meanAround(x + roi.offset[0], y + roi.offset[1], z + roi.offset[2]);
        global = Math.max(global, m);
        const v = roi.values[i];
        if (v > maxIntensity) (maxIntensity = v), (local = m);
        else if (v === maxIntensity) local = Math.max(local, m);
      }
    }
  }
  return { loc_peak_loc: local, loc_peak_glob: global };
}
