import { resolve } from "node:path";
import type { Command } from "../command";
import { parseArgs } from "../command";
import { loadManifest } from "../../manifest/load";
import { mergeResults } from "../../radiomics/batch/merge";

export const mergeCommand: Command = {
  help: `Usage: alnm merge --manifest <file> --out <dir> [--from <dir> ...] [--allow-missing]

Reads the case results that 'alnm extract-cohort' wrote (<dir>/cases/*.json) in every --from folder (default:
--out itself, as when all shards share one folder) and writes, in manifest order, <out>/features.csv,
<out>/features.json and <out>/failures.csv. The tables depend only on the manifest and the case files, so
they are the same whatever the sharding, order or interruptions of the runs.

Options:
  --manifest <file>  the manifest the shards ran on
  --out <dir>        where the tables go
  --from <dir>       a shard's output folder (repeatable; default --out)
  --allow-missing    write the tables even if some cases have no result (they are listed on stderr)

Example:
  npx alnm merge --manifest data-manifests/cohort.json --out out/cohort --from out/shard-1 --from out/shard-2`,
  async run(argv) {
    const { options } = parseArgs(argv);
    const manifestFile = options.get("manifest")?.[0];
    const outDir = options.get("out")?.[0];
    if (!manifestFile || !outDir) {
      console.error("merge: --manifest and --out are required (see alnm merge --help)");
      return 2;
    }
    const manifest = loadManifest(manifestFile, { verify: false });
    const from = (options.get("from") ?? [outDir]).map((d) => resolve(d));
    const summary = mergeResults(manifest.cases, from, resolve(outDir), { allowMissing: options.has("allow-missing") });
    if (summary.missing.length) console.error(`missing (no result in any folder): ${summary.missing.join(", ")}`);
    console.log(`${summary.results} cases merged, ${summary.failures} failed\nwrote ${summary.written.join(", ")}`);
    return 0;
  },
};
