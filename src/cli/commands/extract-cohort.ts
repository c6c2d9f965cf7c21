import { resolve } from "node:path";
import type { Command } from "../command";
import { parseArgs } from "../command";
import { loadManifest } from "../../manifest/load";
import { parseShard } from "../../radiomics/batch/cases";
import { extractCohort } from "../../radiomics/batch/runner";
import { readParamsFile } from "../../radiomics/settings";

export const extractCohortCommand: Command = {
  help: `Usage: alnm extract-cohort --manifest <file> --out <dir> [--workers N] [--shard k/n] [--resume] [--params <yaml>]
       [--case-timeout <seconds>] [--case-memory <MB>]

Runs PyRadiomics-compatible extraction (default: PyRadiomics' default settings with the Original and Wavelet
image types, 107 + 744 features per case) on every imaging case of a data manifest. Each case's result is
written atomically to <dir>/cases/, so a killed run continues with --resume and ends with the same tables.
A case that fails (unreadable file, label missing, ...) is recorded in failures.csv; the others carry on.
So is a case that runs longer than --case-timeout or outgrows --case-memory: its worker thread is stopped
and replaced (the cases of one image are extracted together, so a limit fails them all; the error names them).

Outputs (unsharded): <dir>/features.csv (PyRadiomics batch layout: one row per case), <dir>/features.json
(typed, column-oriented), <dir>/failures.csv (case, file, error). With --shard, only the shard's cases are
extracted and <dir>/failures.shard-k-of-n.csv is written; join the shards with 'alnm merge'.
Cluster use (Slurm arrays, Kubernetes Indexed Jobs): src/radiomics/batch/README.md.

Options:
  --manifest <file>  data manifest (data-manifests/*.json)
  --out <dir>        output folder (may hold other shards' results, not these cases' unless --resume)
  --workers <N>      worker threads (default 2)
  --shard <k/n>      extract only the cases of images k, k+n, k+2n, ... (1 <= k <= n; images in manifest order)
  --resume           keep the results already in <dir>, extract the rest (failed cases are retried,
                     within the same limits)
  --case-timeout <s> time limit in seconds for the cases of one image, thread start-up excluded (default 600)
  --case-memory <MB> JavaScript heap limit per worker thread in MB (default 4096; Node's resourceLimits,
                     which leave out typed-array voxel buffers)
  --params <yaml>    PyRadiomics parameter file (setting, imageType, featureClass)
  --no-verify        skip the manifest's SHA-256 checks

Example:
  npx alnm extract-cohort --manifest data-manifests/cohort.json --out out/cohort --workers 2`,
  async run(argv) {
    const { options } = parseArgs(argv);
    const one = (key: string) => options.get(key)?.[0];
    const manifestFile = one("manifest");
    const outDir = one("out");
    if (!manifestFile || !outDir) {
      console.error("extract-cohort: --manifest and --out are required (see alnm extract-cohort --help)");
      return 2;
    }
    const workers = one("workers") !== undefined ? Number(one("workers")) : 2;
    if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers ${one("workers")}: expected a positive integer`);
    const positive = (key: string, fallback: number) => {
      const text = one(key);
      if (text === undefined) return fallback;
      const value = text.trim() === "" ? NaN : Number(text);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`--${key} ${text}: expected a positive number`);
      return value;
    };
    const caseTimeoutSeconds = positive("case-timeout", 600);
    const caseMemoryMb = positive("case-memory", 4096);
    const paramsFile = one("params");
    const manifest = loadManifest(manifestFile, { verify: !options.has("no-verify") });
    const summary = await extractCohort({
      manifest,
      outDir: resolve(outDir),
      workers,
      shard: one("shard") !== undefined ? parseShard(one("shard")!) : undefined,
      resume: options.has("resume"),
      params: paramsFile ? readParamsFile(paramsFile) : undefined,
      caseTimeoutSeconds,
      caseMemoryMb,
    });
    console.log(
      `${summary.cases} cases: ${summary.kept} kept from before, ${summary.extracted} extracted, ${summary.failed} failed` +
        (summary.written.length ? `\nwrote ${summary.written.join(", ")}` : ""),
    );
    return summary.failed > 0 ? 1 : 0;
  },
};
