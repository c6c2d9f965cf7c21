import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { extract } from "../../src/cli/commands/extract";
import { extractFeatures, extractFromFiles } from "../../src/radiomics/extractor";
import { makeVolume } from "../../src/radiomics/image";
import { paramsFromObject, parseSettingAssignment, readParamsFile } from "../../src/radiomics/settings";

const dir = mkdtempSync(join(tmpdir(), "alnm-params-"));
const IMAGE = "data/pyradiomics/brain2_image.nrrd";
const MASK = "data/pyradiomics/brain2_label.nrrd";

const YAML = `# A parameter file in PyRadiomics' format
imageType:
  Original: {}

featureClass:
  shape:
  firstorder: [Variance, Mean]
  glcm:

setting:
  binWidth: 25
  label: 1
  interpolator: 'sitkBSpline'
  resampledPixelSpacing:
  weightingNorm:
  voxelArrayShift: 0
`;

describe("PyRadiomics parameter files and the extract command", () => {
  it("reads a PyRadiomics YAML as is: enabled classes, named features in the given order, settings", async () => {
    const path = join(dir, "params.yaml");
    writeFileSync(path, YAML);
    const params = readParamsFile(path);
    expect(params.settings.binWidth).toBe(25);
    expect(params.settings.resampledPixelSpacing).toBeNull();
    const f = await extractFromFiles(IMAGE, MASK, path);
    const names = Object.keys(f).filter((k) => k.startsWith("original_"));
    expect(names.filter((k) => k.startsWith("original_shape_"))).toHaveLength(14);
    expect(names.filter((k) => k.startsWith("original_firstorder_"))).toEqual(["original_firstorder_Variance", "original_firstorder_Mean"]);
    expect(names.filter((k) => k.startsWith("original_glcm_"))).toHaveLength(24);
    expect(names).toHaveLength(40);
    const all = await extractFromFiles(IMAGE, MASK, { binWidth: 25 });
    for (const k of names) expect(f[k], k).toBe(all[k]);
  });

  it("rejects unknown sections, classes, image types and ill-typed settings with the file name", () => {
    expect(() => paramsFromObject({ settings: {} }, "p.yaml")).toThrow(/p\.yaml: unknown section "settings"/);
    expect(() => paramsFromObject({ featureClass: { glcmm: null } }, "p.yaml")).toThrow(/unknown feature class "glcmm"/);
    expect(() => paramsFromObject({ imageType: { LoGG: {} } }, "p.yaml")).toThrow(/image type "LoGG" is not supported/);
    expect(() => paramsFromObject({ setting: { binWidth: "25" } }, "p.yaml")).toThrow(/p\.yaml: setting binWidth has invalid value "25"/);
    const cube = makeVolume(Float64Array.from({ length: 27 }, (_, i) => i % 5), [3, 3, 3]);
    const all = makeVolume(new Float64Array(27).fill(1), [3, 3, 3]);
    expect(() => extractFeatures(cube, all, paramsFromObject({ featureClass: { glcm: ["Idmm"] } }))).toThrow(/glcm: unknown feature "Idmm"/);
    expect(parseSettingAssignment("resegmentRange=[-3, 3]")).toEqual(["resegmentRange", [-3, 3]]);
    expect(() => parseSettingAssignment("binWidth")).toThrow(/expected key=value/);
  });

  it("alnm extract with relative paths, --setting and --out writes every feature as JSON", async () => {
    const out = join(dir, "features.json");
    const code = await extract.run([relative(process.cwd(), IMAGE), MASK, "--setting", "binWidth=10", "--setting", "label=1", "--out", out]);
    expect(code).toBe(0);
    const written = JSON.parse(readFileSync(out, "utf8"));
    const direct = await extractFromFiles(IMAGE, MASK, { binWidth: 10 });
    expect(Object.keys(written)).toEqual(Object.keys(direct));
    expect(written.original_glcm_Idmn).toBe(direct.original_glcm_Idmn);
    expect(Object.keys(written).filter((k) => k.startsWith("original_"))).toHaveLength(107);
    expect(await extract.run([IMAGE])).toBe(2);
  });
});
