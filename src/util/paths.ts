import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CODE_FORM, COMPILED_PACKAGE_ROOT } from "./code-form";

let cachedRoot: string | undefined;

/**
 * The repository root (the folder whose package.json is named alnm-radiomics): `ALNM_ROOT` if set; for the
 * compiled code (dist/, e.g. the installed package) the package it belongs to; otherwise found by walking up
 * from the working directory. Used instead of `import.meta.url`/`__dirname`, which do not exist in every way
 * the sources are loaded (tsx ESM, vitest, and the tslab kernel's CommonJS).
 */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  const override = process.env.ALNM_ROOT;
  if (override) return (cachedRoot = resolve(override));
  if (COMPILED_PACKAGE_ROOT) return (cachedRoot = resolve(COMPILED_PACKAGE_ROOT));
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

/**
 * Absolute path of one of this project's modules, named from src/ without extension (`"radiomics/batch/worker"`),
 * in the form of the running code: dist/<name>.js of the package the compiled code belongs to, or src/<name>.ts
 * of the repository (`repoRoot()`) under the sources.
 * For code that hands a module to another thread or process.
 */
export function ownModulePath(name: string): string {
  if (CODE_FORM === "compiled" && COMPILED_PACKAGE_ROOT) return join(COMPILED_PACKAGE_ROOT, "dist", `${name}.js`);
  return repoPath("src", `${name}.ts`);
}
