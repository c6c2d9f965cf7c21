import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Command } from "../command";
import { parseArgs } from "../command";

export const cibersortCommand: Command = {
  help: `Usage: alnm cibersort --signature <file> --mixture <file> --out <file.csv> [--permutations N] [--qn] [--seed S] [--workers N] [--solver exact|libsvm]

Deconvolves every mixture (column) of --mixture with the signature matrix --signature (genes x cell types, e.g.
LM22.txt; tab-separated, first column gene names, CR / LF / CRLF line ends all accepted) by linear nu-SVR at
nu 0.25, 0.5, 0.75, keeping the lowest RMSE, as CIBERSORT.R does: genes intersected by name, mixtures anti-logged
when their maximum is below 50, signature standardised, negative weights zeroed, fractions normalised.
Writes one row per mixture: Mixture, one column per cell type, P-value, Correlation, RMSE (CIBERSORT's columns), nu.

Options:
  --signature <file>    signature matrix (required). LM22 is not shipped: its authors license it for non-commercial use
  --mixture <file>      mixture matrix, genes x samples (required)
  --out <file.csv>      where to write the fractions (required)
  --permutations N      random mixtures for the p-values (default 100; CIBERSORT.R 1.03's default is 0, the paper
                        used 1000). Each costs three nu-SVR fits, as much as a mixture
  --qn                  quantile-normalise the mixtures (CIBERSORT.R 1.03's default QN = TRUE, for arrays; here off
                        unless given, the authors' advice for RNA-seq)
  --seed S              seed of the random mixtures (default 1)
  --solver exact|libsvm how each nu-SVR is solved. exact (default): the optimum itself (interior point), tens of
                        times faster than libsvm; it agrees with e1071 run to tolerance 1e-10 within 1e-6 and does not
                        depend on the genes' order. libsvm: libsvm's SMO stopped at tolerance 0.001, as CIBERSORT.R
                        (e1071), which reproduces CIBERSORT's own stopping point; that point is 1e-4 to 3e-3 in a
                        fraction away from the optimum (up to 3e-3 on notebook 06's 90 mixtures)
  --workers N           worker threads for the fits (default: the machine's available cores). Every (mixture or
                        random mixture, nu) fit is independent and the random mixtures are drawn from --seed before
                        any fit, so the output is byte-identical for any N

Differences from CIBERSORT.R 1.03 (same steps, same p-value rule):
  - defaults: permutations 100 (1.03: 0), no quantile normalisation (1.03: QN = TRUE) and the exact solver (1.03:
    libsvm through e1071 at tolerance 0.001; --solver libsvm gives that), see above;
  - genes are taken in the signature file's order (1.03 sorts them by name first); at libsvm's tolerance the
    solver's path, hence the last digits (about 1e-4) of a fraction, can depend on that order;
  - 1.03 runs its three nu values on three cores (mclapply); here every fit goes to --workers threads;
  - output: CSV with an extra nu column (1.03: tab-separated CIBERSORT-Results.txt). --absolute (1.04) is not offered.

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
    const known = new Set(["signature", "mixture", "out", "permutations", "qn", "seed", "workers", "solver"]);
    const unknown = [...options.keys()].find((k) => !known.has(k));
    if (unknown) throw new Error(`unknown option --${unknown} (known: ${[...known].map((k) => `--${k}`).join(", ")})`);
    const permutations = Number(get("permutations") ?? 100);
    const seed = Number(get("seed") ?? 1);
    if (!(Number.isInteger(permutations) && permutations >= 0)) throw new Error(`--permutations must be a non-negative integer (got ${get("permutations")})`);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer (got ${get("seed")})`);
    const workers = Number(get("workers") ?? availableParallelism());
    if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`--workers must be a positive integer (got ${get("workers")})`);
    const solver = get("solver") ?? "exact";
    if (solver !== "libsvm" && solver !== "exact") throw new Error(`--solver must be libsvm or exact (got ${solver})`);
    // Loaded here, not at start-up: other commands should not pay for the SVM and the matrix readers.
    const [{ cibersortOnWorkers }, { readNamedMatrix }, { csvFromArrays }] = await Promise.all([
      import("../../tme/cibersort-workers"),
      import("../../tme/matrix"),
      import("../../util/csv"),
    ]);
    const signature = readNamedMatrix(signatureFile);
    const mixtures = readNamedMatrix(mixtureFile);
    const started = Date.now();
    const result = await cibersortOnWorkers(signature, mixtures, { permutations, seed, quantileNormalization: options.has("qn"), workers, solver });
    const header = ["Mixture", ...result.cellTypes, "P-value", "Correlation", "RMSE", "nu"];
    writeFileSync(out, csvFromArrays(header, result.samples.map((s) => [s.mixture, ...s.fractions, s.pValue, s.correlation, s.rmse, s.nu])));
    console.error(
      `cibersort: ${result.samples.length} mixture(s), ${result.genes.length} of ${signature.rows.length} signature genes found in the mixtures, ${permutations} permutations, ${solver} solver, ${workers} worker(s)${result.antiLogged ? ", mixtures anti-logged (max < 50)" : ""}; ${((Date.now() - started) / 1000).toFixed(1)} s; wrote ${out}`,
    );
    return 0;
  },
};
