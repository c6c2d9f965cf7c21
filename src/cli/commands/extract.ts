import type { Command } from "../command";
import { parseArgs } from "../command";
import { extractFeatures, featureJson } from "../../radiomics/extractor";
import { readImage } from "../../radiomics/image";
import { readMask } from "../../radiomics/segmentation/read-mask";
import { applySettings, paramsFromObject, parseSettingAssignment, readParamsFile } from "../../radiomics/settings";
import { writeFileAtomic } from "../../util/atomic";

export { featureJson };

export const extract: Command = {
  help: `Usage: alnm extract <image> <mask> [--segment <name>] [--series <name>] [--params <yaml>] [--setting key=value]... [--out <file.json>]

Reads an image and a label map (NRRD, NIfTI, MetaImage, ... or a directory holding one DICOM series) or a
segmentation (3D Slicer .seg.nrrd, DICOM-SEG, RTSTRUCT), checks the mask as PyRadiomics does and prints one
JSON object with every diagnostic and feature, named and ordered as PyRadiomics writes them (e.g.
original_glcm_Idmn). Paths may be relative.

Options:
  --segment <name>       the segment of a segmentation mask: Slicer segment name, DICOM-SEG SegmentLabel or
                         RTSTRUCT ROIName (read as a binary mask, label 1; RTSTRUCT contours are rasterised
                         slice by slice, voxel centres inside by the even-odd rule, see docs/bad-data.md)
  --params <yaml>        a PyRadiomics parameter file (setting / imageType / featureClass), used as is
  --setting key=value    override one setting (PyRadiomics name, YAML value), repeatable,
                         e.g. --setting binWidth=10 --setting label=2 --setting resegmentRange=[-3,3]
  --series <name>        the image is a DICOM folder holding several series: read the one with this
                         SeriesDescription, number:<SeriesNumber> or SeriesInstanceUID
  --out <file.json>      write the JSON there instead of printing it

Example:
  npx alnm extract data/pyradiomics/brain1_image.nrrd data/pyradiomics/brain1_label.nrrd --setting binWidth=25
  npx alnm extract ct/ case/Segmentation.seg.nrrd --segment tumour`,
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
    const segment = options.get("segment")?.[0];
    if (segment !== undefined && params.settings.label !== 1) {
      console.error(`extract: label ${params.settings.label} given with --segment ${segment}; a segment is read as a binary mask of label 1 (leave label out)`);
      return 2;
    }
    const image = await readImage(imagePath, { series: options.get("series")?.[0] });
    const mask = await readMask(maskPath, { image, segment, geometryTolerance: params.settings.geometryTolerance });
    const features = extractFeatures(image, mask, params, { image: imagePath, mask: maskPath });
    const text = featureJson(features);
    const out = options.get("out")?.[0];
    if (out) writeFileAtomic(out, text);
    else process.stdout.write(text);
    return 0;
  },
};
