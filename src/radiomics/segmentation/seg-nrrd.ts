/**
 * 3D Slicer segmentation files (.seg.nrrd): an NRRD whose `key:=value` fields describe each segment k:
 * `Segment<k>_Name`, `Segment<k>_LabelValue` (the voxel value that marks it), `Segment<k>_Layer` (which 3D
 * array holds it; segments that overlap are stored in different layers of a 4D NRRD whose first axis is the
 * layer), `Segment<k>_Extent`, colour and terminology fields (not used here). Files written before Slicer
 * 4.11 have no `_LabelValue`/`_Layer`: there segment k is layer k of a 4D file (or the only layer of a 3D
 * one) marked by value 1, which is what these defaults read.
 *
 * A segment becomes a binary mask (1 = segment) on the image's grid; a segmentation cropped to its extent is
 * placed by its origin (grid.ts), never resampled.
 */
import type { Volume } from "../image";
import type { NrrdLayers } from "../nrrd";
import { emptyMaskLike, gridOffset, stampOnImage } from "./grid";
import { pickSegment } from "./segments";

/** One segment of a .seg.nrrd: its name, the layer holding it and the value marking it. */
interface SlicerSegment {
  name: string;
  layer: number;
  labelValue: number;
  /** Slicer's segment index k (of `Segment<k>_...`). */
  index: number;
}

const NAME_KEY = /^Segment([0-9]+)_Name$/;

/** Whether an NRRD's key/value fields declare Slicer segments (`Segment<k>_Name`). */
export function isSlicerSegmentation(content: NrrdLayers): boolean {
  return [...content.keyValues.keys()].some((k) => NAME_KEY.test(k));
}

/** The segments an NRRD declares, in Slicer's index order, with their layer and label value checked. */
function slicerSegments(content: NrrdLayers, shown: string): SlicerSegment[] {
  const indices = [...content.keyValues.keys()]
    .map((k) => NAME_KEY.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  return indices.map((index) => {
    const field = (suffix: string) => content.keyValues.get(`Segment${index}_${suffix}`);
    const name = field("Name")!;
    const layerText = field("Layer") ?? String(content.layered ? index : 0);
    const valueText = field("LabelValue") ?? "1";
    const layer = Number(layerText);
    const labelValue = Number(valueText);
    if (!/^[0-9]+$/.test(layerText.trim()) || layer >= content.layers.length) {
      throw new Error(`${shown}: segment "${name}" (Segment${index}) has Layer ${layerText}, but the file holds ${content.layers.length} layer(s) (0..${content.layers.length - 1})`);
    }
    if (!/^[1-9][0-9]*$/.test(valueText.trim())) {
      throw new Error(`${shown}: segment "${name}" (Segment${index}) has LabelValue ${valueText}; a positive integer is required`);
    }
    return { name, layer, labelValue, index };
  });
}

/**
 * The binary mask (1 = segment, 0 elsewhere) on `image`'s grid of the segment named `segment` of a .seg.nrrd
 * read by readNrrdLayers (without `segment`: its only segment).
 *
 * @example
 * const mask = slicerSegmentMask(readNrrdLayers(path)!, "tumour", image, 1e-6, "case.seg.nrrd");
 */
export function slicerSegmentMask(content: NrrdLayers, segment: string | undefined, image: Volume, tolerance: number, shown: string): Volume {
  const chosen = pickSegment(slicerSegments(content, shown), segment, shown);
  const voxels = content.layers[chosen.layer];
  const mask = emptyMaskLike(image);
  const offset = gridOffset(content.volume, image, tolerance, shown);
  stampOnImage(mask.data, image, content.volume, offset, (v) => voxels[v] === chosen.labelValue, `${shown}: segment "${chosen.name}"`);
  return mask;
}
