/** Worker-thread entry of cohort extraction (started by WorkerPool from runner.ts): one case per job. */
import { extractCase } from "./extract-case";
import { serveJobs } from "./serve";

serveJobs(extractCase);
