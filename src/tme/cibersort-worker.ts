/** Worker-thread entry of cibersortOnWorkers (cibersort-workers.ts): one nu-SVR fit per target of a job, null when no weight is > 0. */
import { loadLibsvm } from "../models/libsvm";
import { serveJobs } from "../radiomics/batch/serve";
import { fitAtNu } from "./cibersort";
import type { CibersortFitJob } from "./cibersort-workers";

serveJobs(async (job: CibersortFitJob) => {
  const libsvm = job.settings.solver === "libsvm" ? await loadLibsvm() : undefined;
  return job.targets.map((y) => fitAtNu(libsvm, job.X, y, job.nu, job.settings) ?? null);
});
