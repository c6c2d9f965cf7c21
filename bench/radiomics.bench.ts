/**
 * Radiomics engine speed: milliseconds per extraction of the 107 original features (shape, first order,
 * GLCM, GLRLM, GLSZM, GLDM, NGTDM; binWidth 25) on the bench volume (160 x 160 x 48, 14,863 ROI voxels),
 * beside PyRadiomics 3.x in-process on one core of this machine kind (107 ms with numpy 2.4,
 * data/REFERENCE-README.md, section bench/). Image reading is excluded, as in the PyRadiomics figure.
 * Rows: with diagnostics (image/mask SHA-1 hashes, connected components, ... as PyRadiomics' default
 * additionalInfo) and features only. Wall-clock and process CPU time (robust to a shared, busy machine),
 * median of 20 runs after 5 warm-up runs; also the 512 x 512 x 96 "big" volume (same ROI). Every run gets
 * fresh views of the voxel buffers (new array objects over the same memory), so that nothing the engine
 * remembers per buffer (image hashes) carries over from one run to the next.
 */
import { extractFeatures } from "../src/radiomics/extractor";
import { readImage, type Volume } from "../src/radiomics/image";

const PYRADIOMICS_MS = 107;
const WARMUP = 5;
const RUNS = 20;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function measure(image: Volume, mask: Volume, additionalInfo: boolean): { wall: number; cpu: number; features: number } {
  const settings = { binWidth: 25, additionalInfo };
  const fresh = (v: Volume): Volume => ({ ...v, data: new Float64Array(v.data.buffer, v.data.byteOffset, v.data.length) });
  for (let i = 0; i < WARMUP; i++) extractFeatures(fresh(image), fresh(mask), settings);
  const wall: number[] = [];
  const cpu: number[] = [];
  let features = 0;
  for (let i = 0; i < RUNS; i++) {
    const [im, m] = [fresh(image), fresh(mask)];
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const f = extractFeatures(im, m, settings);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    features = Object.keys(f).filter((k) => k.startsWith("original_")).length;
  }
  return { wall: median(wall), cpu: median(cpu), features };
}

console.log("| volume | output | features | wall ms (median) | CPU ms (median) | PyRadiomics 3.x (numpy 2.4) |");
console.log("|---|---|---|---|---|---|");
for (const [label, name] of [["bench 160x160x48", "bench"], ["bench_big 512x512x96", "bench_big"]]) {
  const [image, mask] = await Promise.all([readImage(`data/bench/${name}_image.nrrd`), readImage(`data/bench/${name}_label.nrrd`)]);
  for (const info of [true, false]) {
    const r = measure(image, mask, info);
    const ref = name === "bench" && info ? `${PYRADIOMICS_MS} ms` : "";
    console.log(`| ${label} | ${info ? "features + diagnostics" : "features only"} | ${r.features} | ${r.wall.toFixed(1)} | ${r.cpu.toFixed(1)} | ${ref} |`);
  }
}
