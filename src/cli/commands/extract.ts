import type { Command } from "../command";
import { parseArgs } from "../command";
import { extractFeatures } from "../../radiomics/extractor";
import { readImage } from "../../radiomics/image";
import { applySettings, paramsFromObject, parseSettingAssignment, readParamsFile } from "../../radiomics/settings";
import { writeFileAtomic } from "../../util/atomic";

/** JSON text of a feature vector; NaN and infinities (valid PyRadiomics results) become strings. */
export function featureJson(features: Record<string, number | string>): string {
  const safe: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(features)) safe[k] = typeof v === "number" && !Number.isFinite(v) ? String(v) : v;
  return `${JSON.stringify(safe, null, 2)}\n`;
}

export const extract: Command = {
  help: `Usage: alnm extract <image> <mask> [--params <yaml>] [--setting key=value]... [--out <file.json>]

Reads an image and a label map (NRRD, NIfTI, MetaImage, ... or a directory holding one DICOM series),
checks the mask as PyRadiomics does and prints one JSON object with every diagnostic and feature, named and
ordered as PyRadiomics writes them (e.g. original_glcm_Idmn). Paths may be relative.

Options:
  --params <yaml>        a PyRadiomics parameter file (setting / imageType / featureClass), used as is
  --setting key=value    override one setting (PyRadiomics name, YAML value), repeatable,
                         e.g. --setting binWidth=10 --setting label=2 --setting resegmentRange=[-3,3]
  --out <file.json>      write the JSON there instead of printing it

Example:
  npx alnm extract data/pyradiomics/brain1_image.nrrd data/pyradiomics/brain1_label.nrrd --setting binWidth=25`,
  async run(argv) {
    const { positional, options } = parseArgs(argv);
    if (positional.length !== 2) {
      console.error("extract: expected <image> <mask> (see alnm extract --help)");
      return 2;
    }
    const [imagePath, maskPath] = positional;
    const paramsPath = options.get("params")?.[0];
    const params = paramsPath ? readParamsFile(paramsPath) : paramsFromObject({});
    const overrides: Record<string, unknown> = {};
    for (const assignment of options.get("setting") ?? []) {
      const [key, value] = parseSettingAssignment(assignment);
      overrides[key] = value;
    }
    applySettings(params.settings, overrides, "--setting");
    const [image, mask] = await Promise.all([readImage(imagePath), readImage(maskPath)]);
    const features = extractFeatures(image, mask, params, { image: imagePath, mask: maskPath });
    const text = featureJson(features);
    const out = options.get("out")?.[0];
    if (out) writeFileAtomic(out, text);
    else process.stdout.write(text);
    return 0;
  },
};
