/**
 * Child-process entry: `node --import tsx src/notebook/run-one.ts <notebook.ipynb> <executed.ipynb>`.
 * One notebook per process, so no notebook's state (globals, caches, RNG) can leak into another's.
 */
import { executeNotebook } from "./runner";

const [file, outFile] = process.argv.slice(2);
executeNotebook(file, outFile).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
