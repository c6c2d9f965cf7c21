import { writeFileSync } from "node:fs";
import type { Command } from "../command";
import { parseArgs } from "../command";
import { repoPath } from "../../util/paths";
import { loadManifest, validateClinicalTable } from "../../manifest/load";
import { COMMITTED_MANIFEST, DEFAULT_SEED, committedManifestText, generateSyntheticCohort, syntheticCacheDir } from "../../synthetic/generate";
import { join } from "node:path";

export const generateCohort: Command = {
  help: `Usage: alnm generate-cohort [--seed <n>] [--out <dir>] [--max-per-cohort <k>] [--write-manifest]

Generates the synthetic cohort deterministically from one seed: the clinical table with the paper's Table 1
counts, T1C/T2WI/ADC tumour and ALN volumes with masks (NRRD), 45 pre/post neoadjuvant pairs and a
90-patient microenvironment set, plus its manifest (manifest.json in the output folder). The same seed
always gives byte-identical files. Notebooks call ensureSyntheticCohort(), which does this on first use.

Options:
  --seed <n>             seed (default ${DEFAULT_SEED})
  --out <dir>            output folder (default .cache/synthetic/v<version>-<seed>)
  --max-per-cohort <k>   images for the first k patients of each cohort only (quick look)
  --write-manifest       also rewrite ${COMMITTED_MANIFEST} from the generated default cohort (maintainers,
                         after a generator change and a version bump)

Example:
  npx alnm generate-cohort --seed 7 --out /tmp/cohort7`,
  async run(argv) {
    const { options } = parseArgs(argv);
    const seed = Number(options.get("seed")?.[0] ?? DEFAULT_SEED);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${options.get("seed")?.[0]}`);
    const outDir = options.get("out")?.[0] ?? syntheticCacheDir(seed);
    const max = options.get("max-per-cohort")?.[0];
    const maxPatientsPerCohort = max === undefined ? undefined : Number(max);
    if (maxPatientsPerCohort !== undefined && !(maxPatientsPerCohort >= 0)) throw new Error(`--max-per-cohort must be a number >= 0, got ${max}`);
    let last = 0;
    const result = generateSyntheticCohort({
      seed,
      outDir,
      maxPatientsPerCohort,
      onProgress: (done, total) => {
        if (done === total || done - last >= 200) {
          last = done;
          console.error(`  imaging ${done}/${total} patients`);
        }
      },
    });
    const manifest = loadManifest(join(result.dir, "manifest.json"));
    validateClinicalTable(manifest);
    console.log(`${result.dir}: ${result.patients} patients (${result.imagedPatients} with images), ${result.cases} cases, ${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB, ${result.seconds.toFixed(1)} s`);
    if (options.has("write-manifest")) {
      if (seed !== DEFAULT_SEED || maxPatientsPerCohort !== undefined || outDir !== syntheticCacheDir(seed)) {
        throw new Error(`--write-manifest needs the default cohort (seed ${DEFAULT_SEED}, default --out, all patients)`);
      }
      writeFileSync(repoPath(COMMITTED_MANIFEST), committedManifestText(result.dir));
      console.log(`wrote ${COMMITTED_MANIFEST}`);
    }
    return 0;
  },
};
