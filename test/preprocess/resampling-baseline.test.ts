/**
 * PyRadiomics' own baselines for the `resampling` (resampledPixelSpacing [2, 2, 2], sitkBSpline image,
 * nearest-neighbour mask, padDistance 5) and `combined` configurations of brain1 and brain2, extracted
 * through the engine with src/radiomics/preprocess/resample wired in.
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { BASELINE_CLASSES, brainBaselineExtractor, pythonLiteral, readBaseline, relDiff } from "../radiomics/baseline";

const TOL = 1e-6;
const brains = brainBaselineExtractor();
beforeAll(() => brains.load(), 60_000);

describe("PyRadiomics baselines with resampling (brain1, brain2)", () => {
  for (const cls of BASELINE_CLASSES) {
    for (const col of readBaseline(cls)) {
      if (!/resampling|combined/.test(col.column)) continue;
      it(`${cls} ${col.column}: every feature within 1e-6`, () => {
        const f = brains.extract(col.testCase, col.settings);
        const failures: string[] = [];
        for (const [name, expected] of Object.entries(col.expected)) {
          const ours = f[name] as number;
          if (!(relDiff(ours, expected) <= TOL)) failures.push(`${name}: ours ${ours}, PyRadiomics ${expected} (rel ${relDiff(ours, expected).toExponential(2)})`);
        }
        expect(failures).toEqual([]);
        expect(Object.keys(col.expected).length).toBeGreaterThan(4);
      });
    }
  }
});

describe("PyRadiomics interpolated-image diagnostics (grid size, ROI box, intensities after resampling)", () => {
  const text = readFileSync("data/pyradiomics/baseline/baseline_shape.csv", "utf8");
  const rows = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data;
  const header = rows[0];
  for (const column of ["brain1_resampling", "brain2_resampling"]) {
    it(`${column}: every diagnostics_*-interpolated_* value within 1e-6`, () => {
      const c = header.indexOf(column);
      const settingsRow = rows.find((r) => r[0] === "diagnostics_Configuration_Settings")!;
      const f = brains.extract(column.replace("_resampling", ""), pythonLiteral(settingsRow[c]) as Record<string, unknown>);
      const failures: string[] = [];
      let compared = 0;
      for (const r of rows) {
        if (!/^diagnostics_(Image|Mask)-interpolated_/.test(r[0])) continue;
        compared++;
        const numbers = (v: unknown) => String(v).replace(/[()\s]/g, "").split(",").map(Number);
        const expected = numbers(r[c]);
        const ours = numbers(f[r[0]]);
        if (ours.length !== expected.length || ours.some((v, i) => !(relDiff(v, expected[i]) <= TOL))) failures.push(`${r[0]}: ours ${f[r[0]]}, PyRadiomics ${r[c]}`);
      }
      expect(failures).toEqual([]);
      expect(compared).toBe(15);
    });
  }
});
