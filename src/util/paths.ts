import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

let cachedRoot: string | undefined;

/**
 * The repository root (the folder whose package.json is named alnm-radiomics), found by walking up from
 * the working directory. Used instead of `import.meta.url`/`__dirname`, which do not exist in every way
 * this code is loaded (tsx ESM, vitest, and the tslab kernel's CommonJS).
 */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  const override = process.env.ALNM_ROOT;
  if (override) return (cachedRoot = resolve(override));
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "alnm-radiomics") return (cachedRoot = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`repoRoot: no alnm-radiomics package.json above ${process.cwd()} (set ALNM_ROOT)`);
    dir = parent;
  }
}

/** Absolute path of a repository-relative path, e.g. `repoPath("data-manifests/synthetic.json")`. */
export function repoPath(...parts: string[]): string {
  return join(repoRoot(), ...parts);
}
