/**
 * CIBERSORT with its nu-SVR fits spread over worker threads: every (target, nu) pair is one fit, the mixtures'
 * fits one per job and the random mixtures' in batches. The plan (standardised inputs and every random mixture)
 * is made in this thread and each fit is the same function on the same doubles as in `cibersort()`, so the
 * result is the same, number for number, for any number of workers (test/tme/cibersort-workers.test.ts).
 *
 * @example
 * const result = await cibersortOnWorkers(signature, mixtures, { permutations: 1000, seed: 1, workers: 2 });
 */
import { WorkerPool } from "../radiomics/batch/pool";
import { loadLibsvm } from "../models/libsvm";
import { ownModulePath } from "../util/paths";
import { assembleCibersort, fitAtNu, planCibersort, type CibersortOptions, type CibersortResult, type DeconvolutionFit, type SolverSettings } from "./cibersort";

/** One job of the worker entry (cibersort-worker.ts): fits of several targets at one nu. */
export interface CibersortFitJob {
  X: number[][];
  targets: number[][];
  nu: number;
  settings: SolverSettings;
}

/** Random mixtures per job: large enough that messages cost little next to the fits, small enough to balance. */
const RANDOM_TARGETS_PER_JOB = 8;

export interface CibersortWorkerOptions extends CibersortOptions {
  /** Worker threads (default 1: everything runs in this thread, no pool). */
  workers?: number;
  /** Called after each finished job with the fits done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** CIBERSORT (see cibersort.ts) with the fits on `workers` threads; identical results for any number of workers. */
export async function cibersortOnWorkers(
  signature: Parameters<typeof planCibersort>[0],
  mixtures: Parameters<typeof planCibersort>[1],
  options: CibersortWorkerOptions = {},
): Promise<CibersortResult> {
  const { workers = 1, onProgress } = options;
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`cibersort: workers must be a positive integer, got ${workers}`);
  const plan = planCibersort(signature, mixtures, options);
  const targets = [...plan.mixtureTargets, ...plan.randomTargets];
  const batches: number[][] = plan.mixtureTargets.map((_, t) => [t]);
  for (let t = plan.mixtureTargets.length; t < targets.length; t += RANDOM_TARGETS_PER_JOB) {
    batches.push(Array.from({ length: Math.min(RANDOM_TARGETS_PER_JOB, targets.length - t) }, (_, i) => t + i));
  }
  const fits: (DeconvolutionFit | undefined)[][] = targets.map(() => []);
  const total = targets.length * plan.nus.length;
  let done = 0;
  const record = (batch: number[], k: number, results: (DeconvolutionFit | null)[]) => {
    batch.forEach((t, i) => (fits[t][k] = results[i] ?? undefined));
    done += batch.length;
    onProgress?.(done, total);
  };

  if (workers === 1) {
    const libsvm = plan.settings.solver === "libsvm" ? await loadLibsvm() : undefined;
    for (const batch of batches) {
      plan.nus.forEach((nu, k) => record(batch, k, batch.map((t) => fitAtNu(libsvm, plan.X, targets[t], nu, plan.settings) ?? null)));
    }
    return assembleCibersort(plan, (t, k) => fits[t][k]);
  }

  const jobs = batches.flatMap((batch) => plan.nus.map((nu, k) => ({ batch, k, nu })));
  const pool = new WorkerPool<CibersortFitJob, (DeconvolutionFit | null)[]>(ownModulePath("tme/cibersort-worker"), Math.min(workers, jobs.length));
  try {
    await Promise.all(
      jobs.map(async ({ batch, k, nu }) => {
        const outcome = await pool.run({ X: plan.X, targets: batch.map((t) => targets[t]), nu, settings: plan.settings });
        // `in` narrowing: the tslab kernel compiles without strictNullChecks, where `ok` does not discriminate.
        if ("error" in outcome) throw new Error(`cibersort: a worker failed fitting nu = ${nu}: ${outcome.error}`);
        record(batch, k, outcome.value);
      }),
    );
  } finally {
    await pool.close();
  }
  return assembleCibersort(plan, (t, k) => fits[t][k]);
}
