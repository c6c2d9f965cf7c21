import { describe, expect, it } from "vitest";
import { countComponents } from "../../src/radiomics/diagnostics";
import { makeVolume } from "../../src/radiomics/image";
import { labelBoundingBox } from "../../src/radiomics/mask";
import { createRng } from "../../src/util/random";

/** Reference: 26-connected components of `label` by union of every pair of touching voxels (no flood fill). */
function componentsByUnion(data: Float64Array, [nx, ny, nz]: [number, number, number], label: number): number {
  const parent = Int32Array.from({ length: data.length }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const i = x + nx * (y + ny * z);
    if (data[i] !== label) continue;
    for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const [a, b, c] = [x + dx, y + dy, z + dz];
      if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
      const j = a + nx * (b + ny * c);
      if (data[j] === label) parent[find(i)] = find(j);
    }
  }
  let roots = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === label && find(i) === i) roots++;
  return roots;
}

describe("countComponents (diagnostics VolumeNum, SimpleITK ConnectedComponent fully connected)", () => {
  it("counts voxels touching only at a corner as one volume, separated ones as two", () => {
    const size: [number, number, number] = [4, 4, 4];
    const data = new Float64Array(64);
    data[0] = 1; // (0,0,0)
    data[1 + 4 * (1 + 4 * 1)] = 1; // (1,1,1): corner neighbour of (0,0,0)
    data[3 + 4 * (3 + 4 * 3)] = 1; // (3,3,3): far away
    data[2] = 2; // another label, ignored
    const mask = makeVolume(data, size);
    expect(countComponents(mask, 1, labelBoundingBox(mask, 1)!.box)).toBe(2);
  });

  it("agrees with a union of touching pairs on random masks, components touching the box faces included", () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 20; trial++) {
      const size: [number, number, number] = [3 + rng.int(9), 3 + rng.int(9), 1 + rng.int(7)];
      const data = Float64Array.from({ length: size[0] * size[1] * size[2] }, () => (rng.next() < 0.12 ? 1 : rng.next() < 0.05 ? 2 : 0));
      const mask = makeVolume(data, size);
      const found = labelBoundingBox(mask, 1);
      if (!found) continue;
      expect(countComponents(mask, 1, found.box)).toBe(componentsByUnion(data, size, 1));
    }
  });
});
