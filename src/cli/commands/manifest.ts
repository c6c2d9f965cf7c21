import { availableParallelism } from "node:os";
import type { Command } from "../command";
import { parseArgs } from "../command";

/** `NAME=VALUE` options (repeatable) as a record; an entry without `=` is an error naming the option. */
function assignments(values: string[] | undefined, option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const eq = v.indexOf("=");
    if (eq <= 0) throw new Error(`--${option} ${v}: expected NAME=VALUE`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

function workers(options: Map<string, string[]>): number {
  const w = Number(options.get("workers")?.[0] ?? availableParallelism());
  if (!Number.isInteger(w) || w < 1) throw new Error(`--workers must be a positive integer, got ${options.get("workers")?.[0]}`);
  return w;
}

const HELP = `Usage: alnm manifest init|check|pseudonymise ...

  alnm manifest init <root> --layout <pattern> --masks <pattern> (--ids <map.csv> | --pseudonym-key <file> | --ids-from-path)
                     [--label REGION=VALUE]... [--clinical <csv> --id-column <col>] [--out <manifest.json>] [--name <name>]
                     [--workers N] [--force]
  alnm manifest init <root> --dicom --sequence NAME=REGEX... [--masks <pattern>] [--segment REGION=NAME]...
                     (--ids <map.csv> | --pseudonym-key <file>) [...]
  alnm manifest check <manifest.json> [--by <clinical column>] [--no-geometry] [--workers N] [--json]
  alnm manifest pseudonymise <table.csv> --id-column <col> --pseudonym-key <file> --out <table.csv>

init   builds a data manifest and <root>/cases.csv (data-manifests/TEMPLATE.md) from a data tree, with a SHA-256
       for every file (hashed on --workers threads, with a progress bar). Patient IDs come from --ids (a CSV with
       columns source,patient_id: source is the {patient} name or the DICOM PatientID), from --pseudonym-key
       (HMAC-SHA256 keyed pseudonyms, "P" + 12 hex digits) or, when the folder names are already pseudonymous,
       --ids-from-path. No folder name or DICOM PatientID/PatientName/date is written. Every problem is reported
       at once and nothing is written while any remains.
  --layout <pattern>   images, relative to <root>: {patient}, {sequence}, optional {timepoint}, * for any name;
                       a trailing / means folders (one DICOM series each). E.g. '{patient}/{sequence}.nii.gz'
  --dicom              find DICOM series anywhere under <root> (grouped by StudyInstanceUID and
                       SeriesInstanceUID) and map each to a sequence by its SeriesDescription:
  --sequence NAME=REGEX  e.g. --sequence 'T1C=post|\\+c' --sequence T2WI=t2 --sequence ADC=adc (case-insensitive);
                       series matching none are listed; a folder holding several series gets the case's series field
  --study <study.yaml> take the --sequence expressions and --segment names from the study file's intake section
                       (intake: { sequences: { T1C: "post" }, segments: { tumour: Tumour } }); the command line adds or overrides
  --masks <pattern>    masks: {patient}, {sequence}, {timepoint}, {region}; in a DICOM tree {folder} (the series'
                       folder) or {parent} (its parent). E.g. '{patient}/{region}_mask.nii.gz'
  --label REGION=VALUE a mask pattern without {region}: the label value of each region in the shared mask
  --segment REGION=NAME  masks that are segmentation files (3D Slicer .seg.nrrd by --masks; DICOM-SEG and
                       RTSTRUCT objects anywhere in a DICOM tree, paired with the series they reference): the
                       segment (Slicer name, SegmentLabel, ROIName) of each region
  --clinical <csv>     clinical table under <root>, keyed by the manifest's patient IDs (--id-column); column types
                       are inferred for you to review
  --out <file>         manifest to write (default <root>/manifest.json)

check  reports every problem of a manifest at once: files and checksums, the clinical table against its schema,
       each mask's grid and label against its image (reads every image; --no-geometry skips that), patients per
       value of --by, and the sequence x region cases patients lack. Exit code 1 when a problem was found.

pseudonymise  rewrites a table's ID column with the keyed pseudonyms init gives the same source keys (e.g. a
       clinical table keyed by record number), so it can be joined with the manifest.

Examples:
  npx alnm manifest init /data/cohort --layout '{patient}/{sequence}.nrrd' --masks '{patient}/{region}.nrrd' \\
      --ids /secure/ids.csv --clinical clinical.csv --id-column patient_id --out data-manifests/cohort.json
  npx alnm manifest check data-manifests/cohort.json --by centre`;

export const manifestCommand: Command = {
  help: HELP,
  async run(argv) {
    const { positional, options } = parseArgs(argv);
    const [sub, target] = positional;
    const one = (key: string) => options.get(key)?.[0];
    if (sub === "init" && target) {
      const { initManifest } = await import("../../manifest/intake/init");
      const { join, resolve } = await import("node:path");
      const ids = await pseudonymiser(options, true);
      const dicom = options.has("dicom");
      const clinical = one("clinical");
      if (clinical && !one("id-column")) throw new Error("--clinical needs --id-column <column>");
      const layout = one("layout");
      if (!dicom && !layout) throw new Error("manifest init: give --layout <pattern>, or --dicom with --sequence NAME=REGEX");
      const masks = one("masks");
      if (!masks && !dicom) throw new Error("manifest init: give --masks <pattern>");
      // A study file's intake section gives the sequence expressions and segment names; the command line adds or overrides.
      const studyFile = one("study");
      const intake = studyFile ? (await import("../../study/config")).readStudyIntake(studyFile) : {};
      const segments = { ...intake.segments, ...assignments(options.get("segment"), "segment") };
      const sequences = { ...intake.sequences, ...assignments(options.get("sequence"), "sequence") };
      const labels = Object.fromEntries(
        Object.entries(assignments(options.get("label"), "label")).map(([region, v]) => {
          if (!/^[1-9][0-9]*$/.test(v)) throw new Error(`--label ${region}=${v}: the label must be a positive integer`);
          return [region, Number(v)];
        }),
      );
      const report = await initManifest({
        root: target,
        out: one("out") ?? join(resolve(target), "manifest.json"),
        name: one("name"),
        layout: dicom ? undefined : layout,
        dicomSequences: dicom ? sequences : undefined,
        masks,
        labels,
        segments,
        pseudonymiser: ids,
        clinical: clinical ? { path: clinical, idColumn: one("id-column")! } : undefined,
        force: options.has("force"),
        workers: workers(options),
        progress: process.stderr,
        command: `alnm manifest ${argv.map((a) => (/[\s'"|\\*{}]/.test(a) ? `'${a}'` : a)).join(" ")}`,
      });
      console.log(`${report.cases.length} cases of ${report.patients} patients`);
      for (const n of report.notes) console.log(`note: ${n}`);
      if (report.problems.length) {
        console.error(`${report.problems.length} problem(s); nothing written:`);
        for (const p of report.problems) console.error(`  - ${p}`);
        return 1;
      }
      console.log(`wrote ${report.written!.manifest} and ${report.written!.cases}`);
      return 0;
    }
    if (sub === "check" && target) {
      const { checkManifest, formatManifestCheck } = await import("../../manifest/check");
      const report = await checkManifest(target, { geometry: !options.has("no-geometry"), by: one("by"), workers: workers(options), progress: process.stderr });
      console.log(options.has("json") ? JSON.stringify(report, null, 2) : formatManifestCheck(report));
      return report.problems.length ? 1 : 0;
    }
    if (sub === "pseudonymise" && target) {
      const { pseudonymiseTable } = await import("../../manifest/intake/pseudonymise-table");
      const column = one("id-column");
      const out = one("out");
      if (!column || !out) throw new Error("manifest pseudonymise: give --id-column <column> and --out <file>");
      const n = pseudonymiseTable(target, column, await pseudonymiser(options, false), out);
      console.log(`wrote ${out}: ${n} rows, column ${column} pseudonymised`);
      return 0;
    }
    console.error("usage: alnm manifest init|check|pseudonymise ... (see alnm manifest --help)");
    return 2;
  },
};

/** The patient-ID source the options name: exactly one of --ids, --pseudonym-key and (init only) --ids-from-path. */
async function pseudonymiser(options: Map<string, string[]>, allowPath: boolean) {
  const { keyedPseudonymiser, mappingPseudonymiser, pathPseudonymiser } = await import("../../manifest/intake/pseudonym");
  const given = ["ids", "pseudonym-key", ...(allowPath ? ["ids-from-path"] : [])].filter((k) => options.has(k));
  if (given.length !== 1) {
    throw new Error(`give exactly one of --ids <map.csv>, --pseudonym-key <file>${allowPath ? " or --ids-from-path" : ""} (patient IDs must be pseudonymous)`);
  }
  if (given[0] === "ids") return mappingPseudonymiser(options.get("ids")![0]);
  if (given[0] === "pseudonym-key") return keyedPseudonymiser(options.get("pseudonym-key")![0], options.get("pseudonym-prefix")?.[0]);
  if (options.has("dicom")) throw new Error("--ids-from-path: a DICOM tree's patients are keyed by PatientID; give --ids or --pseudonym-key");
  return pathPseudonymiser;
}
