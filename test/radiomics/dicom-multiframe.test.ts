/** Enhanced (multi-frame) MR: read as one volume on the file's own grid, or refused when its frames form no regular grid. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { readImage } from "../../src/radiomics/image";
import { enhancedMrBytes } from "./segmentation-writers";

const root = mkdtempSync(join(tmpdir(), "alnm-multiframe-"));
const [ROWS, COLUMNS] = [8, 6];
const stored = (i: number, k: number) => 100 + ((i * 7 + k * 11) % 53);

/** A folder holding one enhanced MR file whose frame k lies at z(k). */
function enhanced(name: string, z: (k: number) => number, frames = 4): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, "enhanced.dcm"),
    enhancedMrBytes({
      rows: ROWS, columns: COLUMNS, pixelSpacing: [0.5, 0.7], rescale: { slope: 2, intercept: -100 },
      frames: Array.from({ length: frames }, (_, k) => ({ position: [-10, -20, z(k)], values: Array.from({ length: ROWS * COLUMNS }, (_, i) => stored(i, k)) })),
    }),
  );
  return dir;
}

describe("enhanced multi-frame MR", () => {
  it("evenly spaced frames: one volume with the file's spacing, origin and rescaled values, as a folder or as the file", async () => {
    const dir = enhanced("even", (k) => 5 + 3 * k);
    for (const path of [dir, join(dir, "enhanced.dcm")]) {
      const v = await readImage(path);
      expect(v.size).toEqual([COLUMNS, ROWS, 4]);
      expect(v.spacing.map((s) => +s.toFixed(6))).toEqual([0.7, 0.5, 3]);
      expect(v.origin).toEqual([-10, -20, 5]);
      expect(Array.from(v.data)).toEqual([0, 1, 2, 3].flatMap((k) => Array.from({ length: ROWS * COLUMNS }, (_, i) => 2 * stored(i, k) - 100)));
    }
  });

  it("uneven frame spacing: refused by name (the reader silently returned a 1 x 1 x 1 mm grid)", async () => {
    const dir = enhanced("uneven", (k) => 5 + 3 * k + (k === 3 ? 3 : 0));
    await expect(readImage(dir)).rejects.toThrow(/enhanced\.dcm: frames are not evenly spaced: 6\.000 mm between frames 3 and 4, 3\.000 mm elsewhere; the volume would have no single slice spacing/);
  });

  it("two stacks in one file (frames sharing positions, e.g. two echoes): refused by name", async () => {
    const dir = enhanced("stacks", (k) => 5 + 3 * (k % 2));
    await expect(readImage(join(dir, "enhanced.dcm"))).rejects.toThrow(/enhanced\.dcm: frames 1 and 3 share one position: the file holds several stacks/);
  });

  it("frames stored top down: the volume runs down (direction z -1) from the first frame, values in stored order", async () => {
    const v = await readImage(enhanced("descending", (k) => 20 - 3 * k, 3));
    expect(v.origin).toEqual([-10, -20, 20]);
    expect(v.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, -1]);
    expect(Array.from(v.data.slice(2 * ROWS * COLUMNS, 2 * ROWS * COLUMNS + 3))).toEqual([0, 1, 2].map((i) => 2 * stored(i, 2) - 100));
  });

  it("frames out of slice order: refused by name", async () => {
    await expect(readImage(enhanced("shuffled", (k) => [5, 11, 8, 14][k]))).rejects.toThrow(/enhanced\.dcm: frames are not stored in slice order \(frame 3 turns back along the slice normal\)/);
  });
});
