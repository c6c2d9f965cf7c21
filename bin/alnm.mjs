#!/usr/bin/env node
// Entry point for `npx alnm`: runs the compiled CLI, bundled in dist/cli-bundle/ (built by `npm ci` / `npm run build`),
// no TypeScript loader. In a repository checkout (src/ and scripts/ present) it first checks that dist/ was built from the current src/.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const main = new URL("dist/cli-bundle/main.js", root);
if (!existsSync(main)) {
  console.error("alnm: dist/ is missing: run `npm run build` (npm ci and npm install build it)");
  process.exit(1);
}
const hasher = new URL("scripts/lib/source-hash.mjs", root);
if (existsSync(new URL("src/", root)) && existsSync(hasher)) {
  const { builtFromCurrentSources } = await import(hasher.href);
  if (!builtFromCurrentSources(fileURLToPath(root), JSON.parse(readFileSync(new URL("dist/build-info.json", root), "utf8")))) {
    console.error("alnm: dist/ was built from other sources than src/ holds now: run `npm run build`");
    process.exit(1);
  }
}
process.exitCode = await (await import(main.href)).main(process.argv.slice(2));
