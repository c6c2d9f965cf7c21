/**
 * Property-based fuzzing (fast-check, fixed seeds so CI runs are reproducible):
 * - feature classes on random small volumes and masks: either every feature is a finite number (PyRadiomics
 *   gives a number for each on a valid ROI) or an Error naming the mask and a PyRadiomics mask-check problem;
 * - image readers on randomly truncated and byte-flipped NRRD / NIfTI / DICOM files: either a consistent
 *   Volume or an Error naming the file; never a crash or a hang.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { extractFeatures } from "../../src/radiomics/extractor";
import { makeVolume, readImage } from "../../src/radiomics/image";
import { paramsFromObject } from "../../src/radiomics/settings";
import { dicomSliceBytes, niftiBytes, nrrdBytes } from "./writers";
import { PLANTED } from "../../scripts/make-bad-fixtures";

const dir = mkdtempSync(join(tmpdir(), "alnm-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALL_CLASSES = paramsFromObject({
  imageType: { Original: {} },
  featureClass: { shape: [], firstorder: [], glcm: [], glrlm: [], glszm: [], gldm: [], ngtdm: [] },
  setting: { binWidth: 25 },
});
const SOURCES = { image: "fuzz-image", mask: "fuzz-mask" };
/** The mask checks PyRadiomics applies before computing anything (imageoperations.checkMask / getMask). */
const MASK_PROBLEMS = /^fuzz-mask: (no labels found in this mask|mask only contains 1 segmented voxel|ROI has too few dimensions)/;

const volumeCase = fc
  .record({
    size: fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 })),
    spacing: fc.tuple(...[0, 1, 2].map(() => fc.double({ min: 0.3, max: 3, noNaN: true }))),
    levels: fc.integer({ min: 1, max: 400 }),
    offset: fc.integer({ min: -1000, max: 1000 }),
    seed: fc.nat(),
    fill: fc.double({ min: 0.05, max: 1, noNaN: true }),
  })
  .map(({ size, spacing, levels, offset, seed, fill }) => {
    // Deterministic voxels from the drawn seed (a small LCG): intensities in offset + [0, levels), mask ~ fill.
    let s = seed >>> 0;
    const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const n = size[0] * size[1] * size[2];
    const image = Array.from({ length: n }, () => offset + Math.floor(next() * levels));
    const mask = Array.from({ length: n }, () => (next() < fill ? 1 : 0));
    return { size, spacing: spacing as [number, number, number], image, mask };
  });

/**
 * Which texture classes PyRadiomics leaves without any angle, so that their features are NaN (numpy's mean over
 * no angle): GLCM when no two ROI voxels are 26-neighbours; GLRLM when no two ROI voxels share a line along
 * any of the 13 directions (every run then has length 1 in an angle whose lines hold one voxel each).
 */
function emptiedClasses(mask: number[], [nx, ny]: [number, number, number]): Set<string> {
  const voxels: [number, number, number][] = [];
  mask.forEach((m, i) => m === 1 && voxels.push([i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))]));
  let adjacent = false;
  let collinear = false;
  for (let a = 0; a < voxels.length; a++) {
    for (let b = a + 1; b < voxels.length; b++) {
      const d = voxels[a].map((v, k) => Math.abs(v - voxels[b][k])).filter((v) => v !== 0);
      if (d.every((v) => v === d[0])) collinear = true;
      if (d.every((v) => v === 1)) adjacent = true;
    }
  }
  const out = new Set<string>();
  if (!adjacent) out.add("glcm");
  if (!collinear) out.add("glrlm");
  return out;
}

/** Whether no value lies within [P10, P90] (numpy's linear-interpolation percentiles). */
function noValueWithin10To90Percentile(values: number[]): boolean {
  const v = values.slice().sort((a, b) => a - b);
  const percentile = (q: number) => {
    const h = (v.length - 1) * q;
    const lo = Math.floor(h);
    return lo + 1 < v.length ? v[lo] + (h - lo) * (v[lo + 1] - v[lo]) : v[lo];
  };
  const [p10, p90] = [percentile(0.1), percentile(0.9)];
  return !v.some((x) => x >= p10 && x <= p90);
}

describe("fuzz: feature classes on random small volumes and masks", () => {
  it("every feature finite, or a PyRadiomics mask-check error naming the mask", () => {
    let extracted = 0;
    fc.assert(
      fc.property(volumeCase, ({ size, spacing, image, mask }) => {
        const img = makeVolume(image, size, { spacing });
        const msk = makeVolume(mask, size, { spacing });
        let features: Record<string, number | string>;
        try {
          features = extractFeatures(img, msk, ALL_CLASSES, SOURCES);
        } catch (err) {
          expect((err as Error).message).toMatch(MASK_PROBLEMS);
          return;
        }
        extracted++;
        // PyRadiomics drops GLCM/GLRLM angles without a voxel pair; when none is left, that class's features are
        // NaN (GLCM's MCC is 1 for one gray level, else NaN). RobustMeanAbsoluteDeviation is numpy's nanmean over the values
        // within [P10, P90]: NaN when there are none (two distinct values). Any other non-finite value is a defect.
        const emptied = emptiedClasses(mask, size);
        const robustUndefined = noValueWithin10To90Percentile(image.filter((_v, i) => mask[i] === 1));
        for (const [name, v] of Object.entries(features)) {
          if (typeof v !== "number") continue;
          const nanAllowed =
            (emptied.has(name.split("_")[1]) && name !== "original_glcm_MCC") ||
            (robustUndefined && name === "original_firstorder_RobustMeanAbsoluteDeviation");
          if (nanAllowed) expect(v, name).toBeNaN();
          else if (name === "original_glcm_MCC" && emptied.has("glcm")) expect([1, NaN], name).toContainEqual(v); // 1 iff one gray level
          else expect(Number.isFinite(v), `${name} = ${v} (size ${size}, ${mask.filter(Boolean).length} voxels)`).toBe(true);
        }
      }),
      { seed: 20260601, numRuns: 150 },
    );
    expect(extracted).toBeGreaterThan(50); // most draws give a valid ROI: the property is exercised
  });
});

describe("fuzz: image readers on damaged files", () => {
  const texture = Array.from({ length: 4 * 4 * 3 }, (_v, i) => (i * 37) % 97);
  const originals: Record<string, Buffer> = {
    nrrd: nrrdBytes({ type: "short", sizes: [4, 4, 3], spacing: [0.7, 0.7, 1.5], data: texture }),
    nii: niftiBytes({ type: "short", sizes: [4, 4, 3], spacing: [0.7, 0.7, 1.5], data: texture }),
    dcm: dicomSliceBytes({
      identity: PLANTED, studyUid: "1.2.3", seriesUid: "1.2.3.4", instance: 1, rows: 4, columns: 4,
      pixelSpacing: [0.7, 0.7], sliceThickness: 1.5, position: [0, 0, 0], pixels: texture.slice(0, 16),
    }),
  };
  const damage = fc.record({
    format: fc.constantFrom("nrrd", "nii", "dcm"),
    cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    flips: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
  });

  it("a Volume whose data matches its size, or an Error naming the file", async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(damage, async ({ format, cut, flips }) => {
        const bytes = Buffer.from(originals[format]);
        // Flips land in the header (where damage changes what is declared): NRRD text, NIfTI 348 bytes, DICOM meta + tags.
        const headerLength = format === "nrrd" ? bytes.indexOf("\n\n") : format === "nii" ? 348 : bytes.length - 32;
        for (const [where, value] of flips) bytes[Math.floor(where * headerLength)] = value;
        const damaged = cut === undefined ? bytes : bytes.subarray(0, Math.floor(cut * bytes.length));
        const file = join(dir, `case${k++}.${format}`);
        if (format === "dcm") {
          const series = join(dir, `series${k}`);
          mkdirSync(series);
          writeFileSync(join(series, "im1.dcm"), damaged);
          return check(series);
        }
        writeFileSync(file, damaged);
        return check(file);
      }),
      { seed: 7, numRuns: 60 },
    );
  });

  async function check(path: string): Promise<void> {
    let volume;
    try {
      volume = await readImage(path);
    } catch (err) {
      expect((err as Error).message.startsWith(path)).toBe(true);
      return;
    }
    expect(volume.data.length).toBe(volume.size[0] * volume.size[1] * volume.size[2]);
    expect(volume.size.every((s) => Number.isInteger(s) && s >= 1)).toBe(true);
  }
});
