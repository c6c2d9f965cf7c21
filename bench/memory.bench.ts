/**
 * Peak memory of one original + wavelet extraction of bench_big (the bench ROI inside a 512 x 512 x 96 int16
 * volume, the size of a breast MRI), in a process of its own: peak RSS, and what it grew by from the moment the
 * engine was loaded, against the bound of 3 x the image's float64 size plus a constant. PyRadiomics
 * peaked at 3.8 GB on the same input (data/REFERENCE-README.md).
 */
import { extractFeatures } from "../src/radiomics/extractor";
import { readImage } from "../src/radiomics/image";
import { paramsFromObject } from "../src/radiomics/settings";

const params = paramsFromObject({ setting: { binWidth: 25 }, imageType: { Original: {}, Wavelet: {} } });
const mb = (bytes: number) => bytes / 2 ** 20;
const before = mb(process.memoryUsage().rss);
const image = await readImage("data/bench/bench_big_image.nrrd");
const mask = await readImage("data/bench/bench_big_label.nrrd");
const features = extractFeatures(image, mask, params);
const peak = process.resourceUsage().maxRSS / 1024;
const float64 = mb(image.data.length * 8);
console.log("| volume | features | float64 image MB | RSS before reading MB | peak RSS MB | growth MB | growth / float64 image | bound |");
console.log("|---|---|---|---|---|---|---|---|");
console.log(
  `| bench_big 512x512x96 | ${Object.keys(features).filter((k) => !k.startsWith("diagnostics_")).length} | ${float64.toFixed(0)} | ${before.toFixed(0)} | ` +
    `${peak.toFixed(0)} | ${(peak - before).toFixed(0)} | ${((peak - before) / float64).toFixed(2)} | <= 3 (plus a constant) |`,
);
