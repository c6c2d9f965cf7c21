/**
 * The WebAssembly texture kernels against plain loops written for this test, on random padded grids, and the
 * committed texture.wasm against a fresh build of wasm/texture.ts.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convolveAxisKernel, cooccurrenceKernel, digitizeKernel, rangeMinKernel, selectRankKernel, marchingCubesKernel, neighbourCountsKernel, padGridKernel, runCountsKernel, zonesKernel } from "../../src/radiomics/kernels/texture";
import { CUBE_CORNERS, EDGE_VERTICES, TRIANGLES } from "../../src/radiomics/features/marchingcubes";
import { repoPath } from "../../src/util/paths";
import { createRng } from "../../src/util/random";

/** A random ROI of levels 1..levels inside a grid of size s with a background border `pad` voxels wide. */
function randomGrid(seed: number, s: [number, number, number], pad: number, levels: number, fill: number) {
  const rng = createRng(seed);
  const [px, py, pz] = s.map((n) => n + 2 * pad);
  const gray = new Int32Array(px * py * pz);
  const voxels: number[] = [];
  for (let z = pad; z < pz - pad; z++) for (let y = pad; y < py - pad; y++) for (let x = pad; x < px - pad; x++) {
    if (rng.next() >= fill) continue;
    const v = x + px * (y + py * z);
    gray[v] = 1 + rng.int(levels);
    voxels.push(v);
  }
  const offsets = (d: number, planar: boolean): Int32Array => {
    const out: number[] = [];
    for (let dz = planar ? 0 : -d; dz <= (planar ? 0 : d); dz++) for (let dy = -d; dy <= d; dy++) for (let dx = -d; dx <= d; dx++) {
      if (Math.max(Math.abs(dx), Math.abs(dy), Math.abs(dz)) === d) out.push(dx + px * (dy + py * dz));
    }
    return Int32Array.from(out);
  };
  return { gray, voxels: Int32Array.from(voxels), offsets, px, py };
}

describe("texture kernels (WebAssembly) equal plain loops", () => {
  const grids = [
    randomGrid(1, [9, 7, 5], 1, 3, 0.8),
    randomGrid(2, [12, 10, 6], 2, 8, 0.6),
    randomGrid(3, [6, 6, 1], 1, 2, 1),
    randomGrid(4, [15, 4, 8], 1, 1, 0.5),
  ];

  it("neighbour counts (GLDM / NGTDM), 26 and 8 neighbours, distance 1 and 2", () => {
    for (const g of grids) {
      for (const offsets of [g.offsets(1, false), g.offsets(1, true)]) {
        const got = neighbourCountsKernel(g.gray, g.voxels, offsets);
        g.voxels.forEach((v, k) => {
          const hs = Array.from(offsets, (o) => g.gray[v + o]);
          expect([got.equal[k], got.inRoi[k], got.sum[k]]).toEqual([hs.filter((h) => h === g.gray[v]).length, hs.filter((h) => h !== 0).length, hs.reduce((a, b) => a + b, 0)]);
        });
      }
    }
  });

  it("run lengths (GLRLM): every maximal run counted once, at its length", () => {
    for (const g of grids) {
      const steps = Int32Array.from([1, g.px, g.px * g.py, g.px + 1, g.px * g.py + g.px - 1]);
      const Nr = 20;
      const rowBase = Int32Array.from(g.voxels, (v) => g.gray[v] * Nr - 1);
      const stride = 10 * Nr;
      const got = runCountsKernel(g.gray, g.voxels, steps, rowBase, stride);
      steps.forEach((step, a) => {
        const expected = new Int32Array(stride);
        let long = false;
        for (const v of g.voxels) {
          if (g.gray[v - step] === g.gray[v]) continue; // not a run start
          let len = 1;
          while (g.gray[v + len * step] === g.gray[v]) len++;
          if (len > 1) long = true;
          expected[g.gray[v] * Nr - 1 + len]++;
        }
        expect(Array.from(got.counts.subarray(a * stride, (a + 1) * stride))).toEqual(Array.from(expected));
        expect(got.longRuns[a] !== 0).toBe(long);
      });
    }
  });

  it("zones (GLSZM): level and size of each connected zone, in order of first voxel", () => {
    for (const g of grids) {
      const offsets = g.offsets(1, false);
      const got = zonesKernel(g.gray, g.voxels, offsets);
      const seen = new Set<number>();
      const expected: Array<[number, number]> = [];
      for (const v of g.voxels) {
        if (seen.has(v)) continue;
        const queue = [v];
        seen.add(v);
        for (let i = 0; i < queue.length; i++) {
          for (const o of offsets) {
            const w = queue[i] + o;
            if (!seen.has(w) && g.gray[w] === g.gray[v]) {
              seen.add(w);
              queue.push(w);
            }
          }
        }
        expected.push([g.gray[v], queue.length]);
      }
      expect(Array.from(got.level, (l, z) => [l, got.size[z]])).toEqual(expected);
    }
  });

  it("co-occurrences (GLCM) per offset over present levels", () => {
    for (const g of grids) {
      const present = [...new Set(Array.from(g.voxels, (v) => g.gray[v]))].sort((a, b) => a - b);
      const levelIndex = new Int32Array(11).fill(-1);
      present.forEach((l, i) => (levelIndex[l] = i));
      const n = present.length;
      const steps = g.offsets(1, false).slice(0, 13);
      const got = cooccurrenceKernel(g.gray, g.voxels, steps, levelIndex, n);
      const expected = new Int32Array(steps.length * n * n);
      steps.forEach((s, a) => {
        for (const v of g.voxels) if (g.gray[v + s] !== 0) expected[a * n * n + levelIndex[g.gray[v]] * n + levelIndex[g.gray[v + s]]]++;
      });
      expect(Array.from(got)).toEqual(Array.from(expected));
    }
  });
});

describe("wavelet convolution kernel (WebAssembly) equals a plain loop, bit for bit", () => {
  it("along each axis of a 3D block, with the terms of each output in a given order", () => {
    const rng = createRng(7);
    const [dx, dy, dz] = [9, 8, 7];
    const src = Float64Array.from({ length: dx * dy * dz }, () => rng.normal() * 100);
    for (const filter of [Float64Array.from({ length: 6 }, () => rng.normal()), Float64Array.of(0.5, -0.25)]) {
      const F = filter.length;
      for (const axis of [0, 1, 2]) {
        const dims = [dx, dy, dz];
        const length = dims[axis];
        const n = length - F + 1;
        // A random permutation of the terms per output row (the kernel must follow it exactly).
        const order = new Int32Array(n * F);
        for (let q = 0; q < n; q++) {
          const terms = Array.from({ length: F }, (_, t) => t);
          for (let t = F - 1; t > 0; t--) {
            const r = rng.int(t + 1);
            [terms[t], terms[r]] = [terms[r], terms[t]];
          }
          order.set(terms, q * F);
        }
        const inner = dims.slice(0, axis).reduce((a, b) => a * b, 1);
        const outer = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
        const expected = new Float64Array(inner * n * outer);
        for (let u = 0; u < outer; u++) for (let q = 0; q < n; q++) for (let x = 0; x < inner; x++) {
          let sum = 0;
          for (let t = 0; t < F; t++) {
            const j = order[q * F + t];
            sum += filter[j] * src[(u * length + q + F - 1 - j) * inner + x];
          }
          expected[(u * n + q) * inner + x] = sum;
        }
        const got = convolveAxisKernel(src, inner, length, outer, filter, order);
        expect(Array.from(got)).toEqual(Array.from(expected));
      }
    }
  });
});

describe("ROI kernels (WebAssembly) on inputs whose answer is known by construction", () => {
  it("digitize: bin = number of edges <= value, 0 outside the mask, bins used marked", () => {
    const edges = Float64Array.of(0, 10, 20, 30);
    const values = Float64Array.of(-5, 0, 9.999, 10, 25, 30, 1e9, 15);
    const mask = Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 0);
    const got = digitizeKernel(values, mask, edges);
    expect(Array.from(got.gray)).toEqual([0, 1, 1, 2, 3, 4, 4, 0]);
    expect(Array.from(got.seen)).toEqual([1, 1, 1, 1, 1]);
    expect(got.largest).toBe(4);
  });

  it("padGrid: ROI levels at their place in a grid grown by the padding, ROI voxels in scan order", () => {
    // 2 x 2 x 1 box, ROI = voxels 0 and 3, padding 1: grid 4 x 4 x 3.
    const got = padGridKernel(Int32Array.of(5, 0, 0, 7), Uint8Array.of(1, 0, 0, 1), [2, 2, 1], 2, 1);
    const at = (x: number, y: number, z: number) => x + 4 * (y + 4 * z);
    expect(Array.from(got.voxels)).toEqual([at(1, 1, 1), at(2, 2, 1)]);
    const expected = new Int32Array(48);
    expected[at(1, 1, 1)] = 5;
    expected[at(2, 2, 1)] = 7;
    expect(Array.from(got.padded)).toEqual(Array.from(expected));
  });

  it("marchingCubes: one voxel of 2 x 3 x 4 mm is an octahedron of edge midpoints", () => {
    const triStart = new Int32Array(TRIANGLES.length + 1);
    TRIANGLES.forEach((tri, c) => (triStart[c + 1] = triStart[c] + tri.length));
    const tables = { corners: Int32Array.from(CUBE_CORNERS.flat()), edgeVertices: Float64Array.from(EDGE_VERTICES.flat()), triStart, triEdges: Int32Array.from(TRIANGLES.flat()) };
    const [sx, sy, sz] = [2, 3, 4];
    const mesh = marchingCubesKernel(Uint8Array.of(1), 1, [1, 1, 1], [sz, sy, sx], tables);
    // Octahedron with half-axes a = sx/2, b = sy/2, c = sz/2: volume 4abc/3; 8 faces of area |(a,0,0) x (0,b,0) ... | / 2.
    const [a, b, c] = [sx / 2, sy / 2, sz / 2];
    expect(mesh.volume6 / 6).toBeCloseTo((4 * a * b * c) / 3, 12);
    expect(mesh.surfaceArea).toBeCloseTo(4 * Math.sqrt(b * b * c * c + a * a * c * c + a * a * b * b), 12);
    // Six vertices at the voxel's face centres; keys are half voxels (z, y, x) in the box padded by one voxel (centre at key 2).
    expect(mesh.points.length).toBe(18);
    const keys = Array.from({ length: 6 }, (_, v) => Array.from(mesh.keys.subarray(3 * v, 3 * v + 3)).join(",")).sort();
    expect(keys).toEqual(["1,2,2", "2,1,2", "2,2,1", "2,2,3", "2,3,2", "3,2,2"]);
  });

  it("marchingCubes: an ROI with more vertices than first reserved (a 3D checkerboard) gives the mesh of a large reservation", () => {
    const triStart = new Int32Array(TRIANGLES.length + 1);
    TRIANGLES.forEach((tri, c) => (triStart[c + 1] = triStart[c] + tri.length));
    const tables = { corners: Int32Array.from(CUBE_CORNERS.flat()), edgeVertices: Float64Array.from(EDGE_VERTICES.flat()), triStart, triEdges: Int32Array.from(TRIANGLES.flat()) };
    const n = 20;
    const mask = Uint8Array.from({ length: n * n * n }, (_, i) => ((i % n) + (Math.floor(i / n) % n) + Math.floor(i / (n * n))) % 2);
    const count = mask.reduce((a, b) => a + b, 0);
    const retried = marchingCubesKernel(mask, count, [n, n, n], [1, 1, 1], tables);
    const roomy = marchingCubesKernel(mask, 10 * count, [n, n, n], [1, 1, 1], tables);
    expect(retried.points.length / 3).toBeGreaterThan(count + 4096);
    expect(Array.from(retried.points)).toEqual(Array.from(roomy.points));
    expect(Array.from(retried.keys)).toEqual(Array.from(roomy.keys));
    expect([retried.volume6, retried.surfaceArea]).toEqual([roomy.volume6, roomy.surfaceArea]);
  });
});

describe("order-statistics kernels (WebAssembly)", () => {
  it("selectRank with no partition budget sorts the range as TypedArray sort does (-0 before +0), short and long", () => {
    const rng = createRng(11);
    for (const n of [20, 200]) {
      const values = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? (i % 2 ? -0 : 0) : Math.round(rng.normal() * 5)));
      const got = values.slice();
      selectRankKernel(got, 0, 0);
      const expected = values.slice().sort();
      expect(Array.from(got).map((v) => Object.is(v, -0) ? "-0" : String(v))).toEqual(Array.from(expected).map((v) => Object.is(v, -0) ? "-0" : String(v)));
    }
  });

  it("selectRank places rank k with smaller-or-equal values before it and larger-or-equal after; rangeMin is the minimum", () => {
    const rng = createRng(12);
    const values = Float64Array.from({ length: 500 }, () => Math.round(rng.normal() * 50) || 0);
    const sorted = values.slice().sort();
    for (const k of [0, 49, 250, 499]) {
      const got = values.slice();
      selectRankKernel(got, k, 30);
      expect(got[k]).toBe(sorted[k]);
      expect(got.subarray(0, k).every((v) => v <= got[k])).toBe(true);
      expect(got.subarray(k + 1).every((v) => v >= got[k])).toBe(true);
    }
    expect(rangeMinKernel(values)).toBe(sorted[0]);
  });
});

describe("texture.wasm", () => {
  it("is what `npm run build:wasm` makes from wasm/texture.ts", () => {
    const out = join(mkdtempSync(join(tmpdir(), "alnm-wasm-")), "texture.wasm");
    // The package.json script's own arguments, with the output redirected.
    const [, ...args] = (JSON.parse(readFileSync(repoPath("package.json"), "utf8")).scripts["build:wasm"] as string).split(/\s+/);
    args[args.indexOf("-o") + 1] = out;
    execFileSync(process.execPath, [repoPath("node_modules/assemblyscript/bin/asc.js"), ...args], { cwd: repoPath() });
    expect(readFileSync(out).equals(readFileSync(repoPath("src/radiomics/kernels/texture.wasm")))).toBe(true);
  }, 60_000);
});
