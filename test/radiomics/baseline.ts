import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { extractFeatures, type FeatureVector } from "../../src/radiomics/extractor";
import { readImage, type Volume } from "../../src/radiomics/image";
import { paramsFromObject } from "../../src/radiomics/settings";

/** One configuration column of PyRadiomics' baseline CSVs: its settings and expected original_* values. */
export interface BaselineColumn {
  column: string;
  testCase: string;
  settings: Record<string, unknown>;
  expected: Record<string, number>;
}

/** Python literal (dict of settings) to a JS value: quotes, True/False/None. */
export function pythonLiteral(text: string): unknown {
  const json = text.replace(/'/g, '"').replace(/\bTrue\b/g, "true").replace(/\bFalse\b/g, "false").replace(/\bNone\b/g, "null");
  return JSON.parse(json);
}

/** Reads data/pyradiomics/baseline/baseline_<cls>.csv into columns. */
export function readBaseline(cls: string): BaselineColumn[] {
  const text = readFileSync(`data/pyradiomics/baseline/baseline_${cls}.csv`, "utf8");
  const rows = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data;
  const header = rows[0];
  const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
  return header.slice(1).map((column, c) => {
    const expected: Record<string, number> = {};
    for (const [name, r] of byName) if (name.startsWith("original_")) expected[name] = Number(r[c + 1]);
    return {
      column,
      testCase: byName.get("diagnostics_Configuration_TestCase")![c + 1],
      settings: pythonLiteral(byName.get("diagnostics_Configuration_Settings")![c + 1]) as Record<string, unknown>,
      expected,
    };
  });
}

/** Relative difference |a - b| / |b| (0 when equal, including both NaN). */
export function relDiff(a: number, b: number): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  return Math.abs(a - b) / Math.abs(b);
}

/** Feature classes PyRadiomics' baseline CSVs cover. */
export const BASELINE_CLASSES = ["firstorder", "glcm", "gldm", "glrlm", "glszm", "ngtdm", "shape"];

/**
 * brain1 and brain2 read once (call `load()` in beforeAll), and their features per settings extracted once
 * across every class x column test of a file.
 */
export function brainBaselineExtractor(): {
  load(): Promise<void>;
  volume(testCase: string): [Volume, Volume];
  extract(testCase: string, settings: Record<string, unknown>): FeatureVector;
} {
  const volumes: Record<string, [Volume, Volume]> = {};
  const cache = new Map<string, FeatureVector>();
  return {
    async load() {
      for (const c of ["brain1", "brain2"]) {
        volumes[c] = [await readImage(`data/pyradiomics/${c}_image.nrrd`), await readImage(`data/pyradiomics/${c}_label.nrrd`)];
      }
    },
    volume: (testCase) => volumes[testCase],
    extract(testCase, settings) {
      const key = testCase + JSON.stringify(settings);
      let f = cache.get(key);
      if (!f) {
        const [image, mask] = volumes[testCase];
        f = extractFeatures(image, mask, paramsFromObject({ setting: settings }));
        cache.set(key, f);
      }
      return f;
    },
  };
}
