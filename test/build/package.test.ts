/**
 * The package as users get it: `npm pack` (the files package.json lists), installed into an empty folder with no
 * registry (`npm ci --offline` from the npm cache, scripts/install-offline.mjs), then used there without this repository: `npx alnm extract`, a script
 * importing the library by its package name, TypeScript type-checking against the package's .d.ts, and
 * `npx alnm extract-cohort` on worker threads (tsx and tslab are not installed there: the compiled code must
 * run without them). Features are checked against PyRadiomics 3.x's output for the same files. About 20-40 s,
 * most of it npm install.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sourceHash } from "../../scripts/lib/source-hash.mjs";
import { writeSyntheticCohort } from "../../src/radiomics/batch/synthetic";
import { repoPath, repoRoot } from "../../src/util/paths";
import { relDiff } from "../radiomics/baseline";

const PYRADIOMICS = repoPath("data/pyradiomics/extracted/brain1_original+wavelet_binWidth25.json");
let app: string;

/** Runs a command in the app folder; throws with its output when it fails. */
function run(command: string, args: string[], cwd = app): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The 107 original features of brain1 must match PyRadiomics 3.x to 1e-6 relative, names in its order. */
function expectPyRadiomicsOriginal(features: Record<string, unknown>): void {
  const reference = JSON.parse(readFileSync(PYRADIOMICS, "utf8"));
  const names = Object.keys(reference).filter((k) => k.startsWith("original_"));
  expect(names).toHaveLength(107);
  expect(Object.keys(features).filter((k) => k.startsWith("original_"))).toEqual(names);
  expect(names.filter((k) => !(relDiff(features[k] as number, reference[k]) <= 1e-6))).toEqual([]);
}

beforeAll(() => {
  const built = JSON.parse(readFileSync(repoPath("dist/build-info.json"), "utf8")).sourceHash;
  if (built !== sourceHash(repoRoot())) throw new Error("dist/ is out of date with src/: run `npm run build` before packing");
  const root = mkdtempSync(join(tmpdir(), "alnm-package-"));
  app = join(root, "app");
  mkdirSync(app);
  // dist/ is current (checked above), so packing skips `prepare` rather than compiling again.
  const packed = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", root], repoRoot());
  const tarball = join(root, JSON.parse(packed.stdout)[0].filename);
  // Offline: only the npm cache that `npm ci` filled here (scripts/install-offline.mjs writes the lockfile).
  run(process.execPath, [repoPath("scripts/install-offline.mjs"), tarball, app], repoRoot());
  for (const f of ["brain1_image.nrrd", "brain1_label.nrrd"]) copyFileSync(repoPath("data/pyradiomics", f), join(app, f));
}, 120_000);

describe("the npm package, installed into an empty folder", () => {
  it("holds the compiled code, its runtime assets and the licence, not the sources or tests", () => {
    const pkg = join(app, "node_modules", "alnm-radiomics");
    for (const f of ["dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "bin/alnm.mjs", "src/radiomics/kernels/texture.wasm", "LICENSE"]) {
      expect(existsSync(join(pkg, f)), f).toBe(true);
    }
    expect(readdirSync(join(pkg, "src"))).toEqual(["models", "radiomics", "study"]);
    expect(existsSync(join(pkg, "test"))).toBe(false);
    expect(existsSync(join(app, "node_modules", "tsx"))).toBe(false);
  });

  it("npx alnm extract <image> <mask> prints PyRadiomics' features", () => {
    expect(run("npx", ["alnm", "extract", "--help"]).stdout).toMatch(/^Usage: alnm extract <image> <mask>/);
    const out = run("npx", ["alnm", "extract", "brain1_image.nrrd", "brain1_label.nrrd"]);
    expectPyRadiomicsOriginal(JSON.parse(out.stdout));
  });

  it('a script importing { extractFeatures } from "alnm-radiomics" gets the same features', () => {
    writeFileSync(
      join(app, "features.mjs"),
      [
        'import { extractFeatures, readImage } from "alnm-radiomics";',
        'const [image, mask] = await Promise.all([readImage("brain1_image.nrrd"), readImage("brain1_label.nrrd")]);',
        "console.log(JSON.stringify(extractFeatures(image, mask, { binWidth: 25 })));",
      ].join("\n"),
    );
    expectPyRadiomicsOriginal(JSON.parse(run("node", ["features.mjs"]).stdout));
  });

  it("TypeScript sees the entry points' types (a wrong call is a type error)", () => {
    writeFileSync(
      join(app, "typed.ts"),
      [
        'import { extractFeatures, type FeatureVector } from "alnm-radiomics";',
        'import { welchTTest } from "alnm-radiomics/stats";',
        'import { SvmClassifier } from "alnm-radiomics/models";',
        'import { paperSignatures } from "alnm-radiomics/signatures";',
        'import { cibersort } from "alnm-radiomics/tme";',
        'import { extractCohort } from "alnm-radiomics/radiomics";',
        'import { main } from "alnm-radiomics/cli";',
        "export const used = [extractFeatures, welchTTest, SvmClassifier, paperSignatures, cibersort, extractCohort, main];",
        "export const p: number = welchTTest([1, 2, 3], [2, 3, 5]).pValue;",
        "// @ts-expect-error extractFeatures returns a FeatureVector, not a string",
        "export const wrong: string = extractFeatures(undefined as never, undefined as never);",
        "export type F = FeatureVector;",
      ].join("\n"),
    );
    const tsc = repoPath("node_modules/typescript/bin/tsc");
    run(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck", "--types", "node", "--typeRoots", repoPath("node_modules/@types"), "typed.ts"]);
  });

  it("npx alnm extract-cohort runs its worker threads from the compiled code", () => {
    const manifest = writeSyntheticCohort({ dir: join(app, "cohort"), patients: 1, size: [32, 30, 10], tumourRadii: [5, 4, 3] });
    writeFileSync(join(app, "params.yaml"), "featureClass:\n  firstorder:\nsetting:\n  binWidth: 25\n");
    const r = run("npx", ["alnm", "extract-cohort", "--manifest", manifest, "--out", "out", "--no-verify", "--params", "params.yaml", "--workers", "2"]);
    expect(r.stdout).toContain("6 cases: 0 kept from before, 6 extracted, 0 failed");
    expect(readFileSync(join(app, "out", "features.csv"), "utf8").trim().split("\n")).toHaveLength(7);
  });
});
