import type { Command } from "../command";
import { parseArgs } from "../command";
import { readImage } from "../../radiomics/image";
import { checkGeometry } from "../../radiomics/mask";
import { readIbsiConfig } from "../../radiomics/ibsi/config";
import { extractIbsi } from "../../radiomics/ibsi/extract";
import { DEFAULT_GEOMETRY_TOLERANCE } from "../../radiomics/segmentation/grid";
import { readMask } from "../../radiomics/segmentation/read-mask";
import { writeFileAtomic } from "../../util/atomic";
import { featureJson } from "./extract";

export const ibsiCommand: Command = {
  help: `Usage: alnm ibsi <image> <mask> --config <config.yaml> [--segment <name>] [--out <file.json>]

IBSI-compliant feature extraction (IBSI chapter 1 definitions and preprocessing), beside the PyRadiomics-
identical 'alnm extract'. Prints one JSON object keyed by IBSI feature tags as the IBSI reference tables spell
them: diagnostics (img_dim_x_init_img, vox_dim_x_interp_img, int_mask_mean_int_reseg_roi, ...), morph_*, loc_*,
stat_*, ih_*, ivh_*, cm_* and rlm_* (suffixes 2D_avg, 2D_comb, 2_5D_avg, 2_5D_comb, 3D_avg, 3D_comb), szm_*,
dzm_*, ngt_*, ngl_* (2D, 2_5D, 3D). The mask is binary: every non-zero voxel is in the ROI.

The configuration (YAML; any other key is an error):
  dimensions: 3D                # 3D, or 2D: slice-wise (in-plane) interpolation
  interpolation:                # omit for none
    spacing: [2, 2, 2]          # mm; in 2D the third value is ignored
    image: trilinear            # nearest | trilinear | tricubic (2D: nearest | bilinear | bicubic)
    mask: trilinear             # the mask is interpolated too, then kept where >= maskThreshold
    maskThreshold: 0.5
    round: true                 # round intensities to integers after interpolation
  resegmentation:               # either or both
    range: [-1000, 400]         # upper may be .inf
    outlier: 3                  # mean +- 3 SD, after the range
  discretisation:
    method: fbs                 # fbs (fixed bin size, bins from the range's lower bound) | fbn (fixed bin number)
    value: 25

Options:
  --config <yaml>     the configuration above (required)
  --segment <name>    the segment of a segmentation mask (.seg.nrrd, DICOM-SEG, RTSTRUCT), as for alnm extract
  --out <file.json>   write the JSON there instead of printing it

Example:
  npx alnm ibsi data/ibsi/ibsi1_digital_phantom_image.nii.gz data/ibsi/ibsi1_digital_phantom_mask.nii.gz --config params/ibsi-digital-phantom.yaml`,
  async run(argv) {
    const { positional, options } = parseArgs(argv);
    const configPath = options.get("config")?.[0];
    if (positional.length !== 2 || !configPath) {
      console.error("ibsi: expected <image> <mask> --config <config.yaml> (see alnm ibsi --help)");
      return 2;
    }
    const [imagePath, maskPath] = positional;
    const config = readIbsiConfig(configPath);
    const image = await readImage(imagePath);
    const mask = await readMask(maskPath, { image, segment: options.get("segment")?.[0] });
    checkGeometry(image, mask, DEFAULT_GEOMETRY_TOLERANCE, { image: imagePath, mask: maskPath });
    const text = featureJson(extractIbsi(image, mask, config, maskPath));
    const out = options.get("out")?.[0];
    if (out) writeFileAtomic(out, text);
    else process.stdout.write(text);
    return 0;
  },
};
