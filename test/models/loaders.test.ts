/**
 * The forest's worker threads and libsvm's wasm must start however the library is loaded: vitest (this
 * file), tsx (ESM, as the CLI and benchmarks) and the tslab notebook kernel (CommonJS in a vm). Each
 * loader fits the same small models and must print exactly the numbers fitted here.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { RandomForestClassifier } from "../../src/models/random-forest";
import { SvmClassifier } from "../../src/models/svm";
import { repoPath } from "../../src/util/paths";

/** Code shared by every loader: fits both models and prints one JSON line prefixed with RESULT. */
const BODY = `
const X = Array.from({ length: 60 }, (_, i) => [i % 7, (i * 13) % 11, (i * 5) % 3]);
const y = X.map((r) => (r[0] + r[2] > 4 ? 1 : 0));
const rf = await new RandomForestClassifier({ nTrees: 40, seed: 3, workers: 2 }).fit(X, y);
const svm = await new SvmClassifier({ seed: 5 }).fit(X, y);
console.log("RESULT" + JSON.stringify({ mdg: rf.giniImportance(), oob: rf.oobError, prob: svm.predictProbability(X.slice(0, 5)) }));
`;

function parseResult(text: string): unknown {
  const line = text.split("\n").find((l) => l.includes("RESULT{"));
  if (!line) throw new Error(`no RESULT line in:\n${text}`);
  return JSON.parse(line.slice(line.indexOf("RESULT") + 6));
}

describe("models under each loader", () => {
  let expected: unknown;
  beforeAll(async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => lines.push(s);
    try {
      await new Function("RandomForestClassifier", "SvmClassifier", `return (async () => {${BODY}})();`)(RandomForestClassifier, SvmClassifier);
    } finally {
      console.log = log;
    }
    expected = parseResult(lines.join("\n"));
  });

  it("tsx (ESM): same numbers as under vitest", () => {
    const dir = mkdtempSync(join(tmpdir(), "alnm-models-tsx-"));
    const script = join(dir, "fit.mts");
    writeFileSync(
      script,
      `import { RandomForestClassifier } from ${JSON.stringify(repoPath("src/models/random-forest.ts"))};\n` +
        `import { SvmClassifier } from ${JSON.stringify(repoPath("src/models/svm.ts"))};\n${BODY}`,
    );
    const r = spawnSync(process.execPath, ["--import", "tsx", script], { cwd: repoPath(), encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(parseResult(r.stdout)).toEqual(expected);
  });

  it("tslab notebook kernel (CommonJS): same numbers as under vitest", () => {
    const dir = mkdtempSync(join(tmpdir(), "alnm-models-nb-"));
    const notebooks = join(dir, "notebooks");
    mkdirSync(notebooks);
    symlinkSync(repoPath("src"), join(notebooks, "src"));
    const cells = [
      'import { RandomForestClassifier } from "./src/models/random-forest";\nimport { SvmClassifier } from "./src/models/svm";',
      BODY,
    ];
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (tslab)", language: "typescript" } },
      cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null })),
    };
    writeFileSync(join(notebooks, "01-models.ipynb"), JSON.stringify(nb));
    const out = join(dir, "out");
    const r = spawnSync(process.execPath, [repoPath("bin/alnm.mjs"), "reproduce"], {
      cwd: repoPath(),
      env: { ...process.env, ALNM_NOTEBOOKS: notebooks, ALNM_OUTPUT: out, ALNM_FIGURES: "off", ALNM_ROOT: repoPath() },
      encoding: "utf8",
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const executed = readFileSync(join(out, "build/notebooks/01-models.ipynb"), "utf8");
    const outputs = JSON.parse(executed).cells[1].outputs.map((o: { text?: string | string[] }) => [o.text ?? ""].flat().join("")).join("\n");
    expect(parseResult(outputs)).toEqual(expected);
  });
});
