/**
 * Radiomics engine speed: milliseconds per extraction of the 107 original features (shape, first order,
 * GLCM, GLRLM, GLSZM, GLDM, NGTDM; binWidth 25, diagnostics included) on the bench volume
 * (160 x 160 x 48, 14,863 ROI voxels), beside PyRadiomics 3.x in-process on one core of this machine kind
 * (107 ms with numpy 2.4, data/REFERENCE-README.md, section bench/). Image reading is excluded, as in the
 * PyRadiomics figure. Median of 30 runs after 5 warm-up runs; also the 512 x 512 x 96 "big" volume.
 */
import { extractFeatures } from "../src/radiomics/extractor";
import { readImage } from "../src/radiomics/image";

const PYRADIOMICS_MS = 107;
const WARMUP = 5;
const RUNS = 30;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function measure(imagePath: string, maskPath: string, runs: number): Promise<{ ms: number; features: number }> {
  const [image, mask] = await Promise.all([readImage(imagePath), readImage(maskPath)]);
  let features = 0;
  for (let i = 0; i < WARMUP; i++) extractFeatures(image, mask, { binWidth: 25 });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const f = extractFeatures(image, mask, { binWidth: 25 });
    times.push(performance.now() - t0);
    features = Object.keys(f).filter((k) => k.startsWith("original_")).length;
  }
  return { ms: median(times), features };
}

const small = await measure("data/bench/bench_image.nrrd", "data/bench/bench_label.nrrd", RUNS);
const big = await measure("data/bench/bench_big_image.nrrd", "data/bench/bench_big_label.nrrd", 10);
console.log("| volume | features | ms / extraction (median) | PyRadiomics 3.x (numpy 2.4) | speed-up |");
console.log("|---|---|---|---|---|");
console.log(`| bench 160x160x48 | ${small.features} | ${small.ms.toFixed(1)} | ${PYRADIOMICS_MS} | ${(PYRADIOMICS_MS / small.ms).toFixed(1)}x |`);
console.log(`| bench_big 512x512x96 | ${big.features} | ${big.ms.toFixed(1)} | n/a | |`);
