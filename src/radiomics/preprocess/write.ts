import { resolve } from "node:path";
import type { Volume } from "../image";
import { importEsm } from "../../util/esm";
import { TYPED_ARRAYS } from "../pixel-types";

const COMPONENT_TYPES: Record<string, string> = {
  int8: "int8",
  uint8: "uint8",
  int16: "int16",
  uint16: "uint16",
  int32: "int32",
  uint32: "uint32",
  float32: "float32",
  float64: "float64",
};


/**
 * Writes a Volume with its geometry through itk-wasm (format from the extension: .nrrd, .nii.gz, .mha, ...),
 * as `componentType` (default float32; integer types are rounded); `compress` gzips the voxels where the format allows.
 *
 * @example
 * await writeVolume(result.corrected, "out/brain1_n4.nrrd");
 */
export async function writeVolume(volume: Volume, path: string, componentType = "float32", options: { compress?: boolean } = {}): Promise<void> {
  const type = COMPONENT_TYPES[componentType];
  if (!type) throw new Error(`${path}: cannot write component type "${componentType}" (use one of ${Object.keys(COMPONENT_TYPES).join(", ")})`);
  const n = volume.data.length;
  const data = new TYPED_ARRAYS[type](n);
  const integer = !type.startsWith("float");
  for (let i = 0; i < n; i++) data[i] = integer ? Math.round(volume.data[i]) : volume.data[i];
  const image = {
    imageType: { dimension: 3, componentType: type, pixelType: "Scalar", components: 1 },
    name: "image",
    origin: [...volume.origin],
    spacing: [...volume.spacing],
    direction: new Float64Array(volume.direction),
    size: [...volume.size],
    metadata: new Map(),
    data,
  };
  const io = await importEsm("@itk-wasm/image-io");
  try {
    await io.writeImageNode(image, resolve(path), { useCompression: options.compress ?? false });
  } catch (e) {
    throw new Error(`${path}: cannot write image (${(e as Error).message ?? e})`);
  }
}
