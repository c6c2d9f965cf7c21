import type { Command } from "../command";
import { parseArgs } from "../command";
import { readImage } from "../../radiomics/image";
import { n4BiasFieldCorrection, n4OptionsFromObject } from "../../radiomics/preprocess/n4";
import { writeVolume } from "../../radiomics/preprocess/write";
import { parse as parseYaml } from "yaml";
import { readFileSync } from "node:fs";

const NUMBER_OPTIONS = [
  "convergenceThreshold",
  "numberOfControlPoints",
  "splineOrder",
  "numberOfHistogramBins",
  "biasFieldFullWidthAtHalfMaximum",
  "wienerFilterNoise",
  "shrinkFactor",
  "maskLabel",
];

export const n4Command: Command = {
  help: `Usage: alnm n4 <image> [--mask <mask>] --out <corrected> [--field <bias-field>] [--params <yaml>] [--<setting> value]...

Corrects the multiplicative intensity bias of an MRI (Tustison et al. 2010) and writes the corrected image
(float32; format from the extension: .nrrd, .nii.gz, .mha). With --mask only voxels != 0 of the mask
(or == --maskLabel) drive the fit (without --mask every voxel does; no automatic Otsu mask as in 3D Slicer);
the field is estimated on the image shrunk by --shrinkFactor and applied at full resolution everywhere.

Options:
  --mask <file>                          voxels used to estimate the field (default: all voxels)
  --out <file>                           corrected image (required)
  --field <file>                         also write the estimated bias field exp(log field)
  --params <yaml>                        read settings from the n4: section of a params file
  --maximumNumberOfIterations 50,50,50,50   iterations per fitting level (levels = list length)
  --convergenceThreshold 0.001  --numberOfControlPoints 4  --splineOrder 3  --numberOfHistogramBins 200
  --biasFieldFullWidthAtHalfMaximum 0.15  --wienerFilterNoise 0.01  --shrinkFactor 4  --maskLabel <n>

Example:
  npx alnm n4 data/pyradiomics/breast1_image.nrrd --mask data/pyradiomics/breast1_label.nrrd --out build/breast1_n4.nrrd --field build/breast1_field.nrrd`,
  async run(argv) {
    const { positional, options } = parseArgs(argv);
    const out = options.get("out")?.[0];
    if (positional.length !== 1 || !out) {
      console.error("n4: expected <image> and --out <file> (see alnm n4 --help)");
      return 2;
    }
    const settings: Record<string, unknown> = {};
    const paramsPath = options.get("params")?.[0];
    if (paramsPath) {
      const raw = parseYaml(readFileSync(paramsPath, "utf8")) as Record<string, unknown> | null;
      Object.assign(settings, (raw && raw.n4) || {});
    }
    for (const key of NUMBER_OPTIONS) {
      const v = options.get(key)?.[0];
      if (v !== undefined) settings[key] = Number(v);
    }
    const iterations = options.get("maximumNumberOfIterations")?.[0];
    if (iterations !== undefined) settings.maximumNumberOfIterations = iterations.split(",").map(Number);
    const n4Options = n4OptionsFromObject(settings, paramsPath ?? "n4 options");
    const imagePath = positional[0];
    const maskPath = options.get("mask")?.[0];
    const image = await readImage(imagePath);
    const mask = maskPath ? await readImage(maskPath) : null;
    const result = n4BiasFieldCorrection(image, mask, n4Options, imagePath);
    await writeVolume(result.corrected, out);
    const fieldPath = options.get("field")?.[0];
    if (fieldPath) await writeVolume(result.biasField, fieldPath);
    console.error(`n4: ${imagePath}: iterations per level ${result.iterations.join(", ")}; wrote ${out}${fieldPath ? ` and ${fieldPath}` : ""}`);
    return 0;
  },
};
