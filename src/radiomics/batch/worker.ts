/** Worker-thread entry of cohort extraction (started by WorkerPool from runner.ts): the cases of one image per job. */
import { extractCases } from "./extract-case";
import { serveJobs } from "./serve";

serveJobs(extractCases);
