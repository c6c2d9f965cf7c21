/** Worker-thread entry of `alnm manifest init`'s file scan (started by WorkerPool from scan.ts): a batch of paths per job. */
import { serveJobs } from "../../radiomics/batch/serve";
import { scanFile } from "./scan";

serveJobs((paths: string[]) => paths.map(scanFile));
