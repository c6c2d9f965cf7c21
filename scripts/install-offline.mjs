#!/usr/bin/env node
// Installs a packed alnm-radiomics tarball (`npm pack`) into a folder without the npm registry: the folder gets a
// package.json depending on the tarball and a package-lock.json whose dependency entries are this repository's own
// (resolved URLs and integrity hashes of the exact versions `npm ci` put in the npm cache), so `npm ci --offline`
// needs nothing but that cache. `npm install --offline <tarball>` cannot do this: resolving version ranges needs
// the registry's metadata, which the cache does not hold.
//
//   node scripts/install-offline.mjs <alnm-radiomics-x.y.z.tgz> <folder>
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const [tarballArg, folderArg] = process.argv.slice(2);
if (!tarballArg || !folderArg) {
  console.error("usage: node scripts/install-offline.mjs <alnm-radiomics-x.y.z.tgz> <folder>");
  process.exit(2);
}
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tarball = resolve(tarballArg);
const folder = resolve(folderArg);
if (!existsSync(tarball)) throw new Error(`${tarball}: not found (make it with npm pack)`);
mkdirSync(folder, { recursive: true });
if (readdirSync(folder).some((f) => f === "package.json" || f === "package-lock.json")) throw new Error(`${folder}: already holds a package.json or package-lock.json`);

const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8"));
const spec = `file:${tarball}`;
const packages = {
  "": { name: "app", dependencies: { [pkg.name]: spec } },
  [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: spec, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
};
// Runtime dependencies only: what the package's users install (dev-only entries are left out).
for (const [path, entry] of Object.entries(lock.packages)) {
  if (path.startsWith("node_modules/") && !entry.dev && !entry.devOptional) packages[path] = entry;
}
writeFileSync(join(folder, "package.json"), `${JSON.stringify({ name: "app", private: true, type: "module", dependencies: { [pkg.name]: spec } }, null, 2)}\n`);
writeFileSync(join(folder, "package-lock.json"), `${JSON.stringify({ name: "app", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
const r = spawnSync("npm", ["ci", "--offline", "--no-audit", "--no-fund"], { cwd: folder, stdio: "inherit" });
process.exit(r.status ?? 1);
