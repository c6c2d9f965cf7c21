import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";

// vitest evaluates src through its own module runner, where importEsm's Function-wrapped import() has no loader;
// a plain import() here goes through vitest's.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { readImage } from "../../src/radiomics/image";
import { waveletImages, type IndexBox } from "../../src/radiomics/wavelet";

/** Bounding box of the voxels equal to `label` (PyRadiomics' diagnostics_Mask-original_BoundingBox). */
function labelBox(mask: { data: Float64Array; size: [number, number, number] }, label: number): IndexBox {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-1, -1, -1];
  const [sx, sy] = mask.size;
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i] !== label) continue;
    const p = [i % sx, Math.floor(i / sx) % sy, Math.floor(i / (sx * sy))];
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a], p[a]);
      hi[a] = Math.max(hi[a], p[a]);
    }
  }
  return { index: [lo[0], lo[1], lo[2]], size: [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1] };
}

/** PyRadiomics first-order features that need no grey-level discretisation (radiomics/firstorder.py formulas). */
function firstOrder(x: number[]): Record<string, number> {
  const n = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  let m2 = 0, m3 = 0, m4 = 0, mad = 0, energy = 0;
  for (const v of x) {
    const d = v - mean;
    m2 += d * d; m3 += d * d * d; m4 += d * d * d * d; mad += Math.abs(d); energy += v * v;
  }
  m2 /= n; m3 /= n; m4 /= n;
  return {
    Mean: mean,
    Minimum: Math.min(...x),
    Maximum: Math.max(...x),
    Variance: m2,
    Energy: energy,
    RootMeanSquared: Math.sqrt(energy / n),
    MeanAbsoluteDeviation: mad / n,
    Skewness: m3 / m2 ** 1.5,
    Kurtosis: m4 / (m2 * m2),
  };
}

describe("wavelet sub-bands of PyRadiomics' brain cases reproduce its first-order features (1e-6 relative)", () => {
  for (const caseName of ["brain1", "brain2"]) {
    it(`${caseName}: 8 sub-bands x 9 first-order features`, async () => {
      const reference = JSON.parse(readFileSync(`data/pyradiomics/extracted/${caseName}_original+wavelet_binWidth25.json`, "utf8"));
      const image = await readImage(`data/pyradiomics/${caseName}_image.nrrd`);
      const mask = await readImage(`data/pyradiomics/${caseName}_label.nrrd`);
      const box = labelBox(mask, 1);
      expect(`(${[...box.index, ...box.size].join(", ")})`).toBe(reference["diagnostics_Mask-original_BoundingBox"]);
      const names: string[] = [];
      let checked = 0;
      for (const { name, image: band, offset } of waveletImages(image, {}, box)) {
        names.push(name);
        const values: number[] = [];
        for (let z = 0; z < box.size[2]; z++)
          for (let y = 0; y < box.size[1]; y++)
            for (let x = 0; x < box.size[0]; x++) {
              const m = mask.data[x + offset[0] + mask.size[0] * (y + offset[1] + mask.size[1] * (z + offset[2]))];
              if (m === 1) values.push(band.data[x + box.size[0] * (y + box.size[1] * z)]);
            }
        for (const [feature, value] of Object.entries(firstOrder(values))) {
          const expected = reference[`${name}_firstorder_${feature}`] as number;
          const rel = Math.abs(value - expected) / Math.max(Math.abs(expected), 1e-300);
          if (!(rel <= 1e-6)) throw new Error(`${caseName} ${name}_firstorder_${feature}: ${value} vs PyRadiomics ${expected} (rel ${rel})`);
          checked++;
        }
      }
      expect(names).toEqual(["LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH", "LLL"].map((s) => `wavelet-${s}`));
      expect(checked).toBe(72);
    });
  }
});
