/**
 * `npm run build` (and `npm ci`, through `prepare`): compiles src/ to JavaScript and type declarations in dist/,
 * so that `alnm` and `import ... from "alnm-radiomics"` run without a TypeScript loader.
 *
 * The sources import each other without extensions (`./image`), which the tslab notebook kernel needs and
 * Node's ESM loader refuses; the emit therefore rewrites every relative specifier (static and dynamic imports,
 * re-exports, `import("...")` types in .d.ts) to the file the compiler resolved it to, with `.js`
 * (`./image.js`, `./kernels/index.js`). src/util/code-form.ts is replaced by its compiled form (it knows dist/'s
 * place from `import.meta.url`, which the sources cannot use). dist/build-info.json records the hash of the
 * inputs, checked by test/build/dist.test.ts. Runtime assets (texture.wasm, study.schema.json, the random-forest
 * .cjs workers) are not copied: the code finds them under src/ from the package root.
 *
 * Usage: node scripts/build-dist.mjs [outDir]   (default dist; the test builds into a temporary folder)
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import ts from "typescript";
import { sourceHash, sourceStamps } from "./lib/source-hash.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The compiled replacement of src/util/code-form.ts: same exports, values only compiled code can know. */
const COMPILED_CODE_FORM = `import { fileURLToPath } from "node:url";
/** Written by scripts/build-dist.mjs in place of src/util/code-form.ts. */
export const CODE_FORM = "compiled";
/** The package root: two folders above dist/util/. */
export const COMPILED_PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));
`;

/** Reads tsconfig.build.json into compiler options and root files, failing on any configuration error. */
function readConfig() {
  const file = join(root, "tsconfig.build.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(file, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) });
  if (parsed.errors.length) fail(parsed.errors);
  return parsed;
}

/** Prints compiler diagnostics and exits with status 1. */
function fail(diagnostics) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  process.exit(1);
}

/**
 * A transformer that rewrites relative module specifiers to the resolved file's emitted name: `./x` resolved to
 * src/a/x.ts becomes `./x.js`, `./dir` resolved to dir/index.ts becomes `./dir/index.js`.
 */
function specifierRewriter(options) {
  const host = ts.createCompilerHost(options);
  const cache = new Map();
  const rewrite = (specifier, containingFile) => {
    if (!specifier.startsWith(".")) return specifier;
    const key = `${containingFile}\0${specifier}`;
    if (!cache.has(key)) {
      const resolved = ts.resolveModuleName(specifier, containingFile, options, host).resolvedModule;
      if (!resolved) throw new Error(`${relative(root, containingFile)}: cannot resolve import "${specifier}"`);
      const target = resolved.resolvedFileName.replace(/\.d\.ts$|\.ts$/, ".js");
      let rel = relative(dirname(containingFile), target).split("\\").join("/");
      if (!rel.startsWith(".")) rel = `./${rel}`;
      cache.set(key, rel);
    }
    return cache.get(key);
  };
  return (context) => (node) => {
    if (!ts.isSourceFile(node)) return node;
    const file = node.fileName.replace(/\.d\.ts$/, ".ts");
    const f = context.factory;
    const literal = (s) => f.createStringLiteral(rewrite(s.text, file));
    const visit = (n) => {
      if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
        return f.updateImportDeclaration(n, n.modifiers, n.importClause, literal(n.moduleSpecifier), n.attributes);
      }
      if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        return f.updateExportDeclaration(n, n.modifiers, n.isTypeOnly, n.exportClause, literal(n.moduleSpecifier), n.attributes);
      }
      if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments.length && ts.isStringLiteral(n.arguments[0])) {
        return f.updateCallExpression(n, n.expression, n.typeArguments, [literal(n.arguments[0]), ...n.arguments.slice(1)]);
      }
      if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
        const arg = f.updateLiteralTypeNode(n.argument, literal(n.argument.literal));
        return f.updateImportTypeNode(n, arg, n.attributes, n.qualifier, n.typeArguments, n.isTypeOf);
      }
      return ts.visitEachChild(n, visit, context);
    };
    return ts.visitNode(node, visit);
  };
}

/**
 * The command line as one bundle (`outDir/cli-bundle/`, what bin/alnm.mjs runs): the compiled CLI and the
 * packages it uses in a few files, one chunk per lazily imported command, because Node loads one large module
 * faster than hundreds of small ones (extract on the bench volume: about 60 ms less CPU per run, measured side
 * by side). It sits two folders below the package root, as dist/util/code-form.js does, so the package root
 * found from `import.meta.url` is the same; worker threads still load the per-file modules of dist/.
 */
function bundleCli(outDir) {
  const result = buildSync({
    entryPoints: [join(outDir, "cli", "main.js")],
    outdir: join(outDir, "cli-bundle"),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // CommonJS packages in the bundle (yaml, libsvm-js) call require(): give ES modules one.
    banner: { js: 'import { createRequire as __alnmCreateRequire } from "node:module"; const require = __alnmCreateRequire(import.meta.url);' },
    logLevel: "silent",
    metafile: true,
  });
  if (result.errors.length || result.warnings.length) {
    throw new Error(`bundling the CLI: ${[...result.errors, ...result.warnings].map((m) => m.text).join("; ")}`);
  }
  return Object.keys(result.metafile.outputs).length;
}

/** Compiles src/ into `outDir` and writes its build-info.json; returns the number of emitted files. */
export function buildDist(outDir) {
  const config = readConfig();
  const options = { ...config.options, outDir, noEmit: false };
  rmSync(outDir, { recursive: true, force: true });
  const program = ts.createProgram({ rootNames: config.fileNames, options });
  const before = ts.getPreEmitDiagnostics(program);
  if (before.length) fail(before);
  const rewriter = specifierRewriter(options);
  let files = 0;
  const codeForm = join(outDir, "util", "code-form.js");
  const writeFile = (name, text, bom, onError, sources, data) => {
    files++;
    ts.sys.writeFile(name, resolve(name) === resolve(codeForm) ? COMPILED_CODE_FORM : text, bom);
  };
  const emitted = program.emit(undefined, writeFile, undefined, false, { after: [rewriter], afterDeclarations: [rewriter] });
  if (emitted.diagnostics.length) fail(emitted.diagnostics);
  if (!readFileSync(codeForm, "utf8").includes('"compiled"')) throw new Error(`${codeForm}: not written (src/util/code-form.ts moved?)`);
  files += bundleCli(outDir);
  writeFileSync(join(outDir, "build-info.json"), `${JSON.stringify({ sourceHash: sourceHash(root), stamps: sourceStamps(root) }, null, 2)}\n`);
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(root, process.argv[2] ?? "dist");
  mkdirSync(outDir, { recursive: true });
  const t0 = performance.now();
  const files = buildDist(outDir);
  console.log(`build: ${files} files in ${relative(root, outDir) || "."} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
