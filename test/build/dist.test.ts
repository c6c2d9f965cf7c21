/**
 * The compiled JavaScript in dist/ (what `alnm` and the package run) must come from the current sources, and
 * the compiled CLI must import a command's module only when that command runs.
 */
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtFromCurrentSources, sourceHash, sourceStamps } from "../../scripts/lib/source-hash.mjs";
import { repoPath, repoRoot } from "../../src/util/paths";

/** A folder holding the build inputs sourceHash reads, with the given files under src/. */
function buildTree(sources: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "alnm-source-hash-"));
  const files: Record<string, string> = {
    "tsconfig.json": "{}",
    "tsconfig.build.json": "{}",
    "scripts/build-dist.mjs": "",
    "scripts/lib/source-hash.mjs": "",
    ...Object.fromEntries(Object.entries(sources).map(([k, v]) => [`src/${k}`, v])),
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe("dist/", () => {
  it("was built from the sources src/ holds now (else: npm run build)", () => {
    const built = JSON.parse(readFileSync(repoPath("dist/build-info.json"), "utf8")).sourceHash;
    expect(built, "dist/ is out of date with src/: run `npm run build`").toBe(sourceHash(repoRoot()));
  });

  it("the source hash follows every .ts file's path and bytes, and nothing else under src/", () => {
    const base = sourceHash(buildTree({ "a.ts": "export const a = 1;\n", "b/c.ts": "export {};\n" }));
    expect(sourceHash(buildTree({ "a.ts": "export const a = 1;\n", "b/c.ts": "export {};\n" }))).toBe(base);
    expect(sourceHash(buildTree({ "a.ts": "export const a = 2;\n", "b/c.ts": "export {};\n" }))).not.toBe(base);
    expect(sourceHash(buildTree({ "a.ts": "export const a = 1;\n", "b/d.ts": "export {};\n" }))).not.toBe(base);
    expect(sourceHash(buildTree({ "a.ts": "export const a = 1;\n", "b/c.ts": "export {};\n", "b/notes.md": "x" }))).toBe(base);
  });

  it("alnm's freshness check: file stamps first (no file read), the hash when a stamp moved", () => {
    const root = buildTree({ "a.ts": "export const a = 1;\n" });
    const info = { sourceHash: sourceHash(root), stamps: sourceStamps(root) };
    expect(builtFromCurrentSources(root, info)).toBe(true);
    // unchanged stamps are trusted as they are: a record whose hash is wrong still passes (the hash was not read)
    expect(builtFromCurrentSources(root, { ...info, sourceHash: "not read" })).toBe(true);
    // a touched file with the same bytes (a git checkout) passes through the hash
    utimesSync(join(root, "src/a.ts"), new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(builtFromCurrentSources(root, info)).toBe(true);
    expect(builtFromCurrentSources(root, { ...info, sourceHash: "other" })).toBe(false);
    // changed bytes, or a new source file, fail
    writeFileSync(join(root, "src/a.ts"), "export const a = 2;\n");
    expect(builtFromCurrentSources(root, info)).toBe(false);
    const grown = buildTree({ "a.ts": "export const a = 1;\n" });
    const before = { sourceHash: sourceHash(grown), stamps: sourceStamps(grown) };
    writeFileSync(join(grown, "src/b.ts"), "export {};\n");
    expect(builtFromCurrentSources(grown, before)).toBe(false);
    // a build record without stamps (an older dist/) is checked by the hash alone
    expect(builtFromCurrentSources(grown, { sourceHash: sourceHash(grown) })).toBe(true);
  });

  it("imports relative modules by their compiled file names, and the CLI registry no command module statically", () => {
    const main = readFileSync(repoPath("dist/cli/main.js"), "utf8");
    expect(main).toContain('from "./commands/index.js"');
    const registry = readFileSync(repoPath("dist/cli/commands/index.js"), "utf8");
    expect(registry.match(/^import .*$/gm) ?? []).toEqual([]);
    expect(registry).toContain('import("./extract.js")');
    // the bundle bin/alnm.mjs runs keeps every command in a chunk of its own, imported when that command runs
    const bundle = readFileSync(repoPath("dist/cli-bundle/main.js"), "utf8");
    expect(bundle).toMatch(/import\("\.\/extract-[A-Z0-9]+\.js"\)/);
    expect((bundle.match(/^import .*$/gm) ?? []).filter((line) => /extract|cibersort|reproduce/.test(line))).toEqual([]);
    const stats = readFileSync(repoPath("dist/stats/index.d.ts"), "utf8");
    expect(stats).toContain('from "./ttest.js"');
  });
});
