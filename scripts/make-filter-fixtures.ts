/**
 * Writes test/fixtures/filters/ (see its SOURCE.md): a small int16 crop of PyRadiomics' brain1 sample and its ROI,
 * and the reference images of the filtered image types made by other tools from that crop:
 * ITK 5.2 (tools/itk-reference: LaplacianRecursiveGaussian, GradientMagnitude) and Debian's python3-skimage /
 * python3-scipy (scripts/filter-reference.py: LBP2D, LBP3D).
 *
 *   bash scripts/build-itk-reference.sh && apt-get install python3-skimage python3-scipy (Debian's /usr/bin/python3)
 *   npx tsx scripts/make-filter-fixtures.ts
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { readImage, type Volume } from "../src/radiomics/image";
import { labelBoundingBox } from "../src/radiomics/mask";
import { writeNrrd } from "../src/radiomics/nrrd-writer";

const OUT = resolve("test/fixtures/filters");
/** Crop size: small enough to commit, large enough for LoG sigma 2.5 mm and an ROI away from the edges. */
const CROP: [number, number, number] = [28, 28, 12];

/** The crop of `v` starting at voxel `start`, with its geometry. */
function crop(v: Volume, start: number[]): Volume {
  const data = new Float64Array(CROP[0] * CROP[1] * CROP[2]);
  let k = 0;
  for (let z = 0; z < CROP[2]; z++) for (let y = 0; y < CROP[1]; y++) for (let x = 0; x < CROP[0]; x++) {
    data[k++] = v.data[start[0] + x + v.size[0] * (start[1] + y + v.size[1] * (start[2] + z))];
  }
  const d = v.direction, s = v.spacing;
  const shift = start.map((i, j) => i * s[j]);
  const origin = [0, 1, 2].map((r) => v.origin[r] + d[3 * r] * shift[0] + d[3 * r + 1] * shift[1] + d[3 * r + 2] * shift[2]) as [number, number, number];
  return { ...v, data, size: [...CROP], origin };
}

const image = await readImage(resolve("data/pyradiomics/brain1_image.nrrd"));
const label = await readImage(resolve("data/pyradiomics/brain1_label.nrrd"));
const found = labelBoundingBox(label, 1);
if (!found) throw new Error("brain1_label.nrrd: no label 1");
const centre = found.box.lower.map((l, d) => Math.round((l + found.box.upper[d]) / 2));
const start = centre.map((c, d) => Math.min(Math.max(c - Math.floor(CROP[d] / 2), 0), image.size[d] - CROP[d]));
mkdirSync(OUT, { recursive: true });
const input = join(OUT, "input.nrrd");
const mask = join(OUT, "mask.nrrd");
writeNrrd(input, crop(image, start), "short");
const roi = crop(label, start);
// The ROI: label 1 voxels at least 2 voxels inside the crop (LBP3D samples one voxel around each).
for (let z = 0; z < CROP[2]; z++) for (let y = 0; y < CROP[1]; y++) for (let x = 0; x < CROP[0]; x++) {
  const inner = [x, y, z].every((i, d) => i >= 2 && i < CROP[d] - 2);
  const at = x + CROP[0] * (y + CROP[1] * z);
  roi.data[at] = inner && roi.data[at] === 1 ? 1 : 0;
}
writeNrrd(mask, roi, "uchar");

const itk = resolve("build/itk-reference/itk-reference");
for (const sigma of ["1.0", "2.5"]) execFileSync(itk, ["log", input, join(OUT, `itk-log-sigma-${sigma}.nrrd`), "--sigma", sigma], { stdio: "inherit" });
execFileSync(itk, ["gradient", input, join(OUT, "itk-gradient.nrrd")], { stdio: "inherit" });
execFileSync(itk, ["gradient", input, join(OUT, "itk-gradient-nospacing.nrrd"), "--use-spacing", "0"], { stdio: "inherit" });
execFileSync("/usr/bin/python3", [resolve("scripts/filter-reference.py"), input, mask, OUT], { stdio: "inherit" });
console.log(`crop start ${start.join(",")} size ${CROP.join(",")}; ROI voxels ${roi.data.reduce((a, b) => a + b, 0)}`);
