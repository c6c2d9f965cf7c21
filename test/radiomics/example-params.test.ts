/**
 * PyRadiomics' example parameter files (data/pyradiomics/exampleSettings), unmodified, run on PyRadiomics' breast1
 * sample: each file's bytes are PyRadiomics' (git blob id), and the extraction yields exactly the image types and
 * feature classes the file enables, PyRadiomics' names, every value finite.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { extractFromFiles } from "../../src/radiomics/extractor";

const DIR = resolve("data/pyradiomics/exampleSettings");
const WAVELET_3D = ["LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH", "LLL"].map((b) => `wavelet-${b}`);
/** Feature counts of the classes the files enable (glcm: the 22 listed, SumAverage left out; others: all non-deprecated). */
const COUNTS = { firstorder: 18, glcm: 22, glrlm: 16, glszm: 16, gldm: 14 };
const log = (sigmas: string[]) => sigmas.map((s) => `log-sigma-${s}-0-mm-3D`);

const CASES: [file: string, blob: string, images: string[]][] = [
  ["exampleMR_3mm.yaml", "af82bb2251e26b2f54d1e695e5682ad05c7ed71b", ["original", ...log(["2", "3", "4", "5"]), ...WAVELET_3D]],
  ["exampleMR_5mm.yaml", "0f01cd73719f2619c8bb44ce0d6f05b6ce393e84", ["original", ...log(["3", "5"]), ...WAVELET_3D]],
  // force2D (axial): the wavelet is applied in-plane only, giving 4 sub-bands named by their x and y letters.
  ["exampleMR_NoResampling.yaml", "cdf8027fc3c4e7bec9e1bfb7b7f3db0e7f294c51", ["original", ...log(["1", "3", "5"]), "wavelet-LH", "wavelet-HL", "wavelet-HH", "wavelet-LL"]],
  ["exampleCT.yaml", "e2d7587f5b118a8617173b94e5d2bcf4244fcf38", ["original", ...log(["1", "2", "3", "4", "5"]), ...WAVELET_3D]],
  ["Params.yaml", "78812b0725ccbbb2cb6c61125b6806e3bdd58f71", ["original"]],
];

/** git's blob id of a file's bytes. */
const blobId = (bytes: Buffer) => createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");

describe("PyRadiomics' example parameter files run unmodified", () => {
  it.each(CASES)("%s", async (file, blob, images) => {
    const path = resolve(DIR, file);
    expect(blobId(readFileSync(path))).toBe(blob);
    const features = await extractFromFiles("data/pyradiomics/breast1_image.nrrd", "data/pyradiomics/breast1_label.nrrd", path);
    const names = Object.keys(features).filter((k) => !k.startsWith("diagnostics_"));
    const expected = [
      ...Array.from({ length: 14 }, () => "original_shape"),
      ...images.flatMap((image) => Object.entries(COUNTS).flatMap(([cls, n]) => Array.from({ length: n }, () => `${image}_${cls}`))),
    ];
    expect(names.map((k) => k.split("_").slice(0, 2).join("_")).sort()).toEqual(expected.sort());
    for (const k of names) expect(Number.isFinite(features[k]), k).toBe(true);
    if (file === "exampleMR_3mm.yaml") {
      // str() of PyRadiomics' enabledImagetypes dict: YAML floats stay floats.
      expect(features.diagnostics_Configuration_EnabledImageTypes).toBe("{'Original': {}, 'LoG': {'sigma': [2.0, 3.0, 4.0, 5.0]}, 'Wavelet': {}}");
    }
  }, 120_000);
});
