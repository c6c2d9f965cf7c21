import type { Command } from "../command";
import { parseArgs } from "../command";
import { extractFeatures, featureJson } from "../../radiomics/extractor";
import { readImage } from "../../radiomics/image";
import { readMask } from "../../radiomics/segmentation/read-mask";
import { applySettings, applyVoxelSettings, isVoxelSetting, paramsFromObject, parseSettingAssignment, readParamsFile } from "../../radiomics/settings";
import { writeFileAtomic } from "../../util/atomic";

export { featureJson };

export const extract: Command = {
  help: `Usage: alnm extract <image> <mask> [--segment <name>] [--series <name>] [--params <yaml>] [--setting key=value]... [--out <file.json>]
       alnm extract <image> <mask> --voxel-based --out <folder> [--workers N] [same options]

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

Voxel-based extraction (PyRadiomics' voxel mode, feature maps):
  --voxel-based          compute one map per first-order and texture feature (shape is not computed voxel-wise):
                         each ROI voxel holds the feature of its kernel, the voxels within kernelRadius of it.
                         Writes <folder>/<feature>.nrrd (float64, named as PyRadiomics names features, e.g.
                         original_glcm_Contrast.nrrd) on the ROI's bounding box grown by kernelRadius (the grid
                         PyRadiomics writes), and <folder>/diagnostics.json. --out <folder> is required.
                         Settings (the params file's voxelSetting section, or --setting): kernelRadius (default 1),
                         maskedKernel (default true: only ROI voxels of a kernel count, and the ROI alone is
                         discretised; false: the whole grown box), initValue (map value outside the ROI, default 0),
                         voxelBatch (voxels per worker job; changes speed and memory only, not values: each
                         voxel is computed as PyRadiomics computes a batch of one, see README "Voxel-based extraction")
  --workers <N>          worker threads for --voxel-based (default 2)

Example:
  npx alnm extract data/pyradiomics/brain1_image.nrrd data/pyradiomics/brain1_label.nrrd --setting binWidth=25
  npx alnm extract ct/ case/Segmentation.seg.nrrd --segment tumour
  npx alnm extract data/bench/bench_image.nrrd data/bench/bench_label.nrrd --voxel-based --setting kernelRadius=1 --out maps/`,
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
    const voxelOverrides: Record<string, unknown> = {};
    for (const assignment of options.get("setting") ?? []) {
      const [key, value] = parseSettingAssignment(assignment);
      if (isVoxelSetting(key)) voxelOverrides[key] = value;
      else overrides[key] = value;
    }
    applySettings(params.settings, overrides, "--setting");
    applyVoxelSettings(params, voxelOverrides, "--setting");
    const voxelFlag = options.get("voxel-based")?.[0];
    if (voxelFlag !== undefined && voxelFlag !== "true") {
      console.error(`extract: --voxel-based takes no value (got "${voxelFlag}"); put it after <image> <mask>`);
      return 2;
    }
    const out = options.get("out")?.[0];
    if (voxelFlag && !out) {
      console.error("extract: --voxel-based writes one map per feature: --out <folder> is required");
      return 2;
    }
    const workersText = options.get("workers")?.[0];
    const workers = workersText === undefined ? 2 : Number(workersText);
    if (!Number.isInteger(workers) || workers < 1) {
      console.error(`extract: --workers ${workersText}: expected a positive integer`);
      return 2;
    }
    const segment = options.get("segment")?.[0];
    if (segment !== undefined && params.settings.label !== 1) {
      console.error(`extract: label ${params.settings.label} given with --segment ${segment}; a segment is read as a binary mask of label 1 (leave label out)`);
      return 2;
    }
    const image = await readImage(imagePath, { series: options.get("series")?.[0] });
    const mask = await readMask(maskPath, { image, segment, geometryTolerance: params.settings.geometryTolerance });
    if (voxelFlag) {
      // Loaded only here: the feature-map engine (worker pool, map writer) is not part of a plain extraction's start-up.
      const { extractVoxelMaps, writeVoxelMaps } = await import("../../radiomics/voxel");
      const result = await extractVoxelMaps(image, mask, params, { image: imagePath, mask: maskPath }, { workers });
      const files = await writeVoxelMaps(result, out!);
      console.log(`extract: wrote ${files.length} feature maps and diagnostics.json to ${out}`);
      return 0;
    }
    const features = extractFeatures(image, mask, params, { image: imagePath, mask: maskPath });
    const text = featureJson(features);
    if (out) writeFileAtomic(out, text);
    else process.stdout.write(text);
    return 0;
  },
};
