import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoPath } from "../../src/util/paths";

/**
 * The tslab kernel compiles src/ itself (TypeScript 5.0, CommonJS, node10 resolution) and only resolves
 * imports it compiled: a relative import must name a file (not a folder's index), carry no extension, and
 * code cannot use import.meta. These rules are checked here because headless runs under other loaders
 * would not notice a violation, while Jupyter would fail.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

describe("src is loadable by the tslab kernel", () => {
  const files = sourceFiles(repoPath("src"));

  it("has no relative imports of folders or with file extensions", () => {
    const problems: string[] = [];
    for (const file of files) {
      for (const m of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]*)"/g)) {
        const target = resolve(dirname(file), m[1]);
        if (/\.(ts|js|mjs)$/.test(m[1])) problems.push(`${file}: '${m[1]}' has an extension`);
        else {
          let isDir = false;
          try {
            isDir = statSync(target).isDirectory();
          } catch {
            /* a file import: fine */
          }
          if (isDir) problems.push(`${file}: '${m[1]}' imports a folder; name its index file`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("does not use import.meta", () => {
    expect(files.filter((f) => /\bimport\.meta\b/.test(readFileSync(f, "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "")))).toEqual([]);
  });
});
