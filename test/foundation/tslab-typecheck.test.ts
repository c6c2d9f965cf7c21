import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoPath } from "../../src/util/paths";

/**
 * Every module under src/ type-checks with the compiler and options the tslab kernel uses for the files a
 * notebook cell imports (its bundled TypeScript 5.0, ES2022 lib, node10 module resolution, non-strict).
 * The project's own tsc (5.9, strict, bundler resolution) would not see what breaks a notebook cell.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

describe("src under the tslab kernel's compiler", () => {
  it("has no type errors", () => {
    const ts = createRequire(repoPath("package.json"))("@tslab/typescript-for-tslab");
    const program = ts.createProgram(sourceFiles(repoPath("src")), {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
      resolveJsonModule: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    });
    const messages = ts
      .getPreEmitDiagnostics(program)
      .map((d: any) => `${d.file ? d.file.fileName.replace(repoPath(), "") : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(ts.version).toMatch(/^5\.0\./);
    expect(messages).toEqual([]);
  });
});
