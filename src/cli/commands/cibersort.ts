import { writeFileSync } from "node:fs";
import type { Command } from "../command";
import { parseArgs } from "../command";

export const cibersortCommand: Command = {
  help: `Usage: alnm cibersort --signature <file> --mixture <file> --out <file.csv> [--permutations N] [--qn] [--seed S] [--absolute]

Deconvolves every mixture (column) of --mixture with the signature matrix --signature (genes x cell types, e.g.
LM22.txt; tab-separated, first column gene names, CR / LF / CRLF line ends all accepted) by linear nu-SVR at
nu 0.25, 0.5, 0.75, keeping the lowest RMSE, as CIBERSORT.R does: genes intersected by name, mixtures anti-logged
when their maximum is below 50, signature standardised, negative weights zeroed, fractions normalised.
Writes one row per mixture: Mixture, one column per cell type, P-value, Correlation, RMSE (CIBERSORT's columns), nu.

Options:
  --signature <file>    signature matrix (required). LM22 is not shipped: its authors license it for non-commercial use
  --mixture <file>      mixture matrix, genes x samples (required)
  --out <file.csv>      where to write the fractions (required)
  --permutations N      random mixtures for the p-values (default 100; CIBERSORT's default and the paper's: 1000;
                        about 0.25 s CPU each on a 547-gene signature)
  --qn                  quantile-normalise the mixtures (CIBERSORT's QN = TRUE, for arrays; default off, for RNA-seq)
  --seed S              seed of the random mixtures (default 1)

Example:
  npx alnm cibersort --signature LM22.txt --mixture mixtures.txt --permutations 1000 --out fractions.csv`,
  async run(argv) {
    const { positional, options } = parseArgs(argv);
    const get = (name: string) => options.get(name)?.[0];
    const signatureFile = get("signature");
    const mixtureFile = get("mixture");
    const out = get("out");
    if (positional.length || !signatureFile || !mixtureFile || !out) {
      console.error("cibersort: expected --signature <file> --mixture <file> --out <file.csv> (see alnm cibersort --help)");
      return 2;
    }
    const known = new Set(["signature", "mixture", "out", "permutations", "qn", "seed"]);
    const unknown = [...options.keys()].find((k) => !known.has(k));
    if (unknown) throw new Error(`unknown option --${unknown} (known: ${[...known].map((k) => `--${k}`).join(", ")})`);
    const permutations = Number(get("permutations") ?? 100);
    const seed = Number(get("seed") ?? 1);
    if (!(Number.isInteger(permutations) && permutations >= 0)) throw new Error(`--permutations must be a non-negative integer (got ${get("permutations")})`);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer (got ${get("seed")})`);
    // Loaded here, not at start-up: other commands should not pay for the SVM and the matrix readers.
    const [{ loadLibsvm }, { cibersort }, { readNamedMatrix }, { csvFromArrays }] = await Promise.all([
      import("../../models/libsvm"),
      import("../../tme/cibersort"),
      import("../../tme/matrix"),
      import("../../util/csv"),
    ]);
    const signature = readNamedMatrix(signatureFile);
    const mixtures = readNamedMatrix(mixtureFile);
    const started = Date.now();
    const result = cibersort(await loadLibsvm(), signature, mixtures, { permutations, seed, quantileNormalization: options.has("qn") });
    const header = ["Mixture", ...result.cellTypes, "P-value", "Correlation", "RMSE", "nu"];
    writeFileSync(out, csvFromArrays(header, result.samples.map((s) => [s.mixture, ...s.fractions, s.pValue, s.correlation, s.rmse, s.nu])));
    console.error(
      `cibersort: ${result.samples.length} mixture(s), ${result.genes.length} of ${signature.rows.length} signature genes found in the mixtures, ${permutations} permutations${result.antiLogged ? ", mixtures anti-logged (max < 50)" : ""}; ${((Date.now() - started) / 1000).toFixed(1)} s; wrote ${out}`,
    );
    return 0;
  },
};
