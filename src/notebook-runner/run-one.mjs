// Child-process entry: `node src/notebook-runner/run-one.mjs <notebook.ipynb> <executed.ipynb>`.
// One notebook per process, so no notebook's state (globals, caches, RNG) can leak into another's.
// Plain JavaScript on purpose: tsx's loader is registered only long enough to load the runner and then
// removed, so that every module a cell imports is resolved and compiled by tslab alone, exactly as in the
// Jupyter kernel (a folder import that tslab cannot resolve must fail here too).
import { register } from "tsx/esm/api";

const unregister = register();
const { executeNotebook } = await import("./runner.ts");
await unregister();

const [file, outFile] = process.argv.slice(2);
try {
  await executeNotebook(file, outFile);
  process.exit(0);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
