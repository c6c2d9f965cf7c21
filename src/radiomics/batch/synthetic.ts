/**
 * A small synthetic imaging cohort on disk (NRRD images and label maps plus a data manifest), for testing and
 * benchmarking cohort extraction without patient data. Deterministic: the same options give the same bytes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stableJson } from "../../util/atomic";
import { createRng, type Rng } from "../../util/random";
import { writeNrrd } from "../nrrd-writer";

export interface SyntheticCohortOptions {
  /** Folder for the manifest (`manifest.json`) and the images (`images/`). */
  dir: string;
  patients: number;
  /** Image size (x, y, z); default 64 x 64 x 20. */
  size?: [number, number, number];
  /** Voxel spacing in mm; default 0.7 x 0.7 x 1.5 (breast MRI). */
  spacing?: [number, number, number];
  /** Tumour ellipsoid semi-axes in voxels; default 9 x 8 x 4. The node region is about half that. */
  tumourRadii?: [number, number, number];
  sequences?: string[];
  seed?: number;
}

/** Smoothed Gaussian noise: white noise through a 3 x 3 x 3 box filter (periodic edges), twice. */
function smoothNoise(size: [number, number, number], rng: Rng): Float64Array {
  const [sx, sy, sz] = size;
  let a = new Float64Array(sx * sy * sz);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  for (let pass = 0; pass < 2; pass++) {
    for (let axis = 0; axis < 3; axis++) {
      const b = new Float64Array(a.length);
      const n = size[axis];
      const stride = axis === 0 ? 1 : axis === 1 ? sx : sx * sy;
      for (let i = 0; i < a.length; i++) {
        const c = Math.floor(i / stride) % n;
        const prev = i + (((c + n - 1) % n) - c) * stride;
        const next = i + (((c + 1) % n) - c) * stride;
        b[i] = (a[prev] + a[i] + a[next]) / Math.sqrt(3);
      }
      a = b;
    }
  }
  return a;
}

/**
 * Writes `patients` synthetic patients, each with one image per sequence and one label map holding a tumour
 * (label 1) and a lymph node (label 2) ellipsoid, and a manifest listing the (patient, sequence, region)
 * cases: patients x sequences x 2. Returns the manifest's path.
 *
 * @example
 * const manifestFile = writeSyntheticCohort({ dir: "/tmp/cohort", patients: 3 }); // 3 x 3 x 2 = 18 cases
 */
export function writeSyntheticCohort(options: SyntheticCohortOptions): string {
  const size = options.size ?? [64, 64, 20];
  const spacing = options.spacing ?? [0.7, 0.7, 1.5];
  const radii = options.tumourRadii ?? [9, 8, 4];
  const sequences = options.sequences ?? ["T1C", "T2WI", "ADC"];
  const rng = createRng(options.seed ?? 20240611);
  const imagesDir = join(options.dir, "images");
  mkdirSync(imagesDir, { recursive: true });
  const geometry = { spacing, origin: [-(size[0] * spacing[0]) / 2, -(size[1] * spacing[1]) / 2, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const n = size[0] * size[1] * size[2];
  const cases: Record<string, unknown>[] = [];
  for (let p = 1; p <= options.patients; p++) {
    const id = `SYN${String(p).padStart(4, "0")}`;
    const mask = new Float64Array(n);
    const centre = (r: number[], side: number) =>
      r.map((ri, a) => Math.round(size[a] / 2 + side * (a === 0 ? size[0] / 5 : 0) + (rng.next() - 0.5) * Math.max(1, size[a] / 2 - 2 * ri - 4)));
    const tumour = centre(radii, -1);
    const nodeRadii = radii.map((r) => Math.max(2, Math.round(r / 2)));
    const node = centre(nodeRadii, 1);
    for (let z = 0, i = 0; z < size[2]; z++)
      for (let y = 0; y < size[1]; y++)
        for (let x = 0; x < size[0]; x++, i++) {
          const inside = (c: number[], r: number[]) => ((x - c[0]) / r[0]) ** 2 + ((y - c[1]) / r[1]) ** 2 + ((z - c[2]) / r[2]) ** 2 <= 1;
          if (inside(tumour, radii)) mask[i] = 1;
          else if (inside(node, nodeRadii)) mask[i] = 2;
        }
    const maskFile = join(imagesDir, `${id}_label.nrrd`);
    writeNrrd(maskFile, { data: mask, size, ...geometry }, "uchar", { encoding: "raw" });
    sequences.forEach((seq, s) => {
      const noise = smoothNoise(size, rng);
      const base = 300 + 200 * s;
      const img = new Float64Array(n);
      for (let i = 0; i < n; i++) img[i] = Math.max(0, base + 120 * noise[i] + (mask[i] === 1 ? 250 : mask[i] === 2 ? 150 : 0));
      const file = join(imagesDir, `${id}_${seq}.nrrd`);
      writeNrrd(file, { data: img, size, ...geometry }, "short", { encoding: "raw" });
      for (const [region, label] of [["tumour", 1], ["aln", 2]] as const) {
        cases.push({ patientId: id, sequence: seq, region, image: `images/${id}_${seq}.nrrd`, mask: `images/${id}_label.nrrd`, label });
      }
    });
  }
  const manifest = {
    name: "synthetic-cohort",
    description: `Synthetic MRI-like cohort: ${options.patients} patients x ${sequences.length} sequences x 2 regions (smoothed noise, ellipsoid tumour and node)`,
    licence: "CC0-1.0 (generated)",
    source: "alnm-radiomics src/radiomics/batch/synthetic.ts",
    root: ".",
    generator: { name: "writeSyntheticCohort", version: "1", seed: options.seed ?? 20240611 },
    sequences,
    cases,
  };
  const file = join(options.dir, "manifest.json");
  writeFileSync(file, stableJson(manifest));
  return file;
}
