/**
 * The hash of everything dist/ is compiled from: every .ts file under src/ (path and bytes, in path order),
 * the TypeScript configurations and the build script. scripts/build-dist.mjs records it in dist/build-info.json;
 * test/build/dist.test.ts recomputes it, so a dist/ older than src/ fails the tests. The build also records each
 * input's size and modification time, so that `alnm` can tell an untouched checkout from its file stamps alone
 * (as make does) and reads the sources only when a stamp moved.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const BUILD_INPUTS = ["tsconfig.json", "tsconfig.build.json", "scripts/build-dist.mjs", "scripts/lib/source-hash.mjs"];

/** Repository-relative paths of the .ts files under src/, sorted, with "/" separators. */
function sourceFiles(root) {
  return readdirSync(join(root, "src"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)).split("\\").join("/"))
    .sort();
}

/** Every build input's repository-relative path, in hashing order. */
function buildInputs(root) {
  return [...BUILD_INPUTS, ...sourceFiles(root)];
}

/** Size and modification time of every build input: `{ "<path>": [bytes, mtimeMs] }`. */
export function sourceStamps(root) {
  return Object.fromEntries(buildInputs(root).map((rel) => {
    const st = statSync(join(root, rel));
    return [rel, [st.size, st.mtimeMs]];
  }));
}

/**
 * Whether dist/ was built from the sources as they are now, given its build-info.json: true at once when every
 * input has the stamp it had at build time (same files, sizes and times); otherwise the inputs are hashed, so a
 * touched but unchanged file (a git checkout) still passes and any changed byte fails.
 */
export function builtFromCurrentSources(root, info) {
  const stamps = info.stamps;
  if (stamps) {
    const now = sourceStamps(root);
    const paths = Object.keys(now);
    if (paths.length === Object.keys(stamps).length && paths.every((p) => stamps[p] && stamps[p][0] === now[p][0] && stamps[p][1] === now[p][1])) return true;
  }
  return info.sourceHash === sourceHash(root);
}

/** SHA-256 over `<path>\t<byte length>\n<bytes>` of every build input, in a fixed order. */
export function sourceHash(root) {
  const hash = createHash("sha256");
  for (const rel of buildInputs(root)) {
    const bytes = readFileSync(join(root, rel));
    hash.update(`${rel}\t${bytes.length}\n`).update(bytes);
  }
  return hash.digest("hex");
}
