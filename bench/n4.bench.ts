/**
 * N4 bias-field correction on a 256 x 256 x 64 synthetic MRI-like volume (known multiplicative field,
 * ellipsoidal body mask): our TypeScript port beside ITK 5.2's C++ filter (tools/itk-reference, run in the
 * same process tree, same settings, one thread), in one run. Wall time is shown next to CPU time because
 * the machine is shared. Needs scripts/build-itk-reference.sh.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { n4BiasFieldCorrection } from "../src/radiomics/preprocess/n4";
import { writeVolume } from "../src/radiomics/preprocess/write";
import { readImage } from "../src/radiomics/image";
import { relativeRms } from "../test/preprocess/itk-reference";
import { syntheticBiasVolume } from "../test/preprocess/synthetic";

const binary = resolve("build/itk-reference/itk-reference");
if (!existsSync(binary)) {
  console.error(`${binary} is not built: run scripts/build-itk-reference.sh`);
  process.exit(1);
}
mkdirSync("build/tmp", { recursive: true });
const { image, body } = syntheticBiasVolume([256, 256, 64]);
const imagePath = resolve("build/tmp/bench-n4-image.nrrd");
const maskPath = resolve("build/tmp/bench-n4-body.nrrd");
await writeVolume(image, imagePath, "int16");
await writeVolume(body, maskPath, "uint8");

const configs = [
  { shrinkFactor: 4, maximumNumberOfIterations: [50, 50, 50, 50] },
  { shrinkFactor: 2, maximumNumberOfIterations: [50, 50, 50, 50] },
];
console.log("| shrink | levels x iterations | ours wall s | ours CPU s | ITK wall s | ITK CPU s | CPU ratio ours/ITK | corrected rel. RMS vs ITK (mask) |");
console.log("|---|---|---|---|---|---|---|---|");
for (const config of configs) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ours = n4BiasFieldCorrection(image, body, config);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0).user / 1e6 + process.cpuUsage(cpu0).system / 1e6;
  const out = resolve("build/tmp/bench-n4-itk.nrrd");
  const report = JSON.parse(
    execFileSync(binary, ["n4", imagePath, out, resolve("build/tmp/bench-n4-itk-field.nrrd"), "--mask", maskPath,
      "--shrink", String(config.shrinkFactor), "--iterations", config.maximumNumberOfIterations.join(","), "--threads", "1"], { encoding: "utf8" }),
  );
  const itk = await readImage(out);
  const rms = relativeRms(ours.corrected.data, itk.data, body.data);
  console.log(
    `| ${config.shrinkFactor} | ${config.maximumNumberOfIterations.length} x ${config.maximumNumberOfIterations[0]} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} | ` +
      `${report.seconds.toFixed(2)} | ${report.cpuSeconds.toFixed(2)} | ${(cpu / report.cpuSeconds).toFixed(2)} | ${rms.toExponential(2)} |`,
  );
}
for (const f of [imagePath, maskPath, resolve("build/tmp/bench-n4-itk.nrrd"), resolve("build/tmp/bench-n4-itk-field.nrrd")]) rmSync(f, { force: true });
