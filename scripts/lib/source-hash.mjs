/**
 * The hash of everything dist/ is compiled from: every .ts file under src/ (path and bytes, in path order),
 * the TypeScript configurations and the build script. scripts/build-dist.mjs records it in dist/build-info.json;
 * test/build/dist.test.ts recomputes it, so a dist/ older than src/ fails the tests.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const BUILD_INPUTS = ["tsconfig.json", "tsconfig.build.json", "scripts/build-dist.mjs", "scripts/lib/source-hash.mjs"];

/** Repository-relative paths of the .ts files under src/, sorted, with "/" separators. */
function sourceFiles(root) {
  return readdirSync(join(root, "src"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)).split("\\").join("/"))
    .sort();
}

/** SHA-256 over `<path>\t<byte length>\n<bytes>` of every build input, in a fixed order. */
export function sourceHash(root) {
  const hash = createHash("sha256");
  for (const rel of [...BUILD_INPUTS, ...sourceFiles(root)]) {
    const bytes = readFileSync(join(root, rel));
    hash.update(`${rel}\t${bytes.length}\n`).update(bytes);
  }
  return hash.digest("hex");
}
