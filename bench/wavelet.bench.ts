/**
 * Original + Wavelet extraction speed (851 features: 107 original + 744 wavelet, coif1 level 1, binWidth 25,
 * diagnostics included) on the bench volume (160 x 160 x 48, 14,863 ROI voxels) and on the same ROI inside a
 * 512 x 512 x 96 volume (bench_big), beside PyRadiomics 3.x in-process on one core of this machine kind
 * (data/REFERENCE-README.md: 515 ms and 9.4 s with numpy 2.4). Image reading is excluded, as in those figures
 * (reported separately). Also: the wavelet decomposition alone over the ROI box vs over the whole image, agreement
 * with PyRadiomics' values for the bench volume, identity of the big volume's values with the small one's, and the
 * process's peak RSS. Each time is reported as wall-clock and as CPU time of the process (the machine is shared
 * by several users: CPU time is what an idle core would take, wall time includes waiting for a core).
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { extractFeatures } from "../src/radiomics/extractor";
import { readImage, type Volume } from "../src/radiomics/image";
import { labelBoundingBox } from "../src/radiomics/mask";
import { paramsFromObject } from "../src/radiomics/settings";
import { waveletImages } from "../src/radiomics/wavelet";

const PYRADIOMICS_MS = { small: 515, big: 9400 };
const params = paramsFromObject({ setting: { binWidth: 25 }, imageType: { Original: {}, Wavelet: {} } });

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median wall and CPU milliseconds of `runs` calls, and the best (smallest) wall time; `prepare` runs before each
 * call, outside the timing. The machine is a shared VM whose speed varies from minute to minute: the median
 * includes that noise, the best run is the closest estimate of what the code itself costs (timeit's advice).
 */
function timeRuns(runs: number, f: () => void, prepare: () => void = () => {}): { wall: number; cpu: number; best: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    prepare();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu), best: Math.min(...wall) };
}

const ms = (t: { wall: number; cpu: number; best: number }) => `${t.wall.toFixed(0)} (CPU ${t.cpu.toFixed(0)}; best ${t.best.toFixed(0)})`;
const ms1 = (t: { wall: number; cpu: number }) => `${t.wall.toFixed(1)} ms (CPU ${t.cpu.toFixed(1)})`;

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function load(name: string): Promise<{ image: Volume; mask: Volume; readMs: number }> {
  const t0 = performance.now();
  const [image, mask] = await Promise.all([readImage(`data/bench/${name}_image.nrrd`), readImage(`data/bench/${name}_label.nrrd`)]);
  return { image, mask, readMs: performance.now() - t0 };
}

function waveletMs(image: Volume, box: Parameters<typeof waveletImages>[2], runs: number): { wall: number; cpu: number; best: number } {
  return timeRuns(runs, () => {
    for (const band of waveletImages(image, {}, box)) void band;
  });
}

const small = await load("bench");
const roiBox = labelBoundingBox(small.mask, 1)!.box;
for (let i = 0; i < 3; i++) extractFeatures(small.image, small.mask, params);
const smallFeatures = extractFeatures(small.image, small.mask, params);
// Fresh views of the voxel buffers (new array objects, same memory) for every timed extraction: nothing the
// engine remembers per buffer (image hashes) carries over from one run to the next.
let fresh: { image: Volume; mask: Volume } = small;
const freshViews = (v: { image: Volume; mask: Volume }) => () => {
  const view = (d: Float64Array) => new Float64Array(d.buffer, d.byteOffset, d.length);
  fresh = { image: { ...v.image, data: view(v.image.data) }, mask: { ...v.mask, data: view(v.mask.data) } };
};
const smallMs = timeRuns(30, () => extractFeatures(fresh.image, fresh.mask, params), freshViews(small));
const originalOnly = paramsFromObject({ setting: { binWidth: 25 } });
const smallOriginalMs = timeRuns(30, () => extractFeatures(fresh.image, fresh.mask, originalOnly), freshViews(small));
const boxWaveletMs = waveletMs(small.image, roiBox, 10);
const wholeWaveletMs = waveletMs(small.image, undefined, 3);
const rssSmall = peakRssMb();

const reference = JSON.parse(readFileSync("data/bench/bench_original+wavelet_binWidth25.pyradiomics.json", "utf8")) as Record<string, unknown>;
const names = Object.keys(reference).filter((k) => !k.startsWith("diagnostics_"));
let within = 0;
let worst = 0;
for (const k of names) {
  const e = reference[k] as number;
  const g = smallFeatures[k] as number;
  const rel = e === g ? 0 : Math.abs(g - e) / Math.max(Math.abs(e), 1e-12);
  worst = Math.max(worst, rel);
  if (rel <= 1e-6) within++;
}

const big = await load("bench_big");
extractFeatures(big.image, big.mask, params);
const bigFeatures = extractFeatures(big.image, big.mask, params);
const bigMs = timeRuns(10, () => extractFeatures(fresh.image, fresh.mask, params), freshViews(big));
const bigBox = labelBoundingBox(big.mask, 1)!.box;
const bigBoxWaveletMs = waveletMs(big.image, bigBox, 5);
const features = Object.keys(smallFeatures).filter((k) => !k.startsWith("diagnostics_"));
const identical = features.filter((k) => Object.is(smallFeatures[k], bigFeatures[k])).length;
const rssBig = peakRssMb();

console.log(`Load average at start of the big run: ${loadavg().map((l) => l.toFixed(1)).join(", ")} (2 cores, shared machine)\n`);
console.log("| volume | features | ms / extraction, original + wavelet: median (CPU; best) | original only | PyRadiomics 3.x (numpy 2.4) | target | read ms | peak RSS MB |");
console.log("|---|---|---|---|---|---|---|---|");
console.log(`| bench 160x160x48 | ${features.length} | ${ms(smallMs)} | ${ms(smallOriginalMs)} | ${PYRADIOMICS_MS.small} | <= 100 | ${small.readMs.toFixed(0)} | ${rssSmall.toFixed(0)} |`);
console.log(`| bench_big 512x512x96 | ${features.length} | ${ms(bigMs)} | | ${PYRADIOMICS_MS.big} | <= 500 | ${big.readMs.toFixed(0)} | ${rssBig.toFixed(0)} |`);
console.log("");
console.log("| check | value |");
console.log("|---|---|");
console.log(`| bench features within 1e-6 of PyRadiomics | ${within} / ${names.length} (worst relative difference ${worst.toExponential(1)}) |`);
console.log(`| bench_big features bit-identical to bench's | ${identical} / ${features.length} |`);
console.log(`| coif1 decomposition over the ROI box (${roiBox.upper.map((u, d) => u - roiBox.lower[d] + 1).join(" x ")}), 8 sub-bands | ${ms1(boxWaveletMs)} (bench), ${ms1(bigBoxWaveletMs)} (bench_big) |`);
console.log(`| same over the whole 160x160x48 image (what PyRadiomics does) | ${ms1(wholeWaveletMs)} |`);
