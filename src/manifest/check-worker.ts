/** Worker-thread entry of `alnm manifest check` (started by WorkerPool from check.ts): the geometry of one image's cases per job. */
import { readImage, type Volume } from "../radiomics/image";
import { caseMaskReader } from "../radiomics/segmentation/read-mask";
import { checkGeometry, checkLabel } from "../radiomics/mask";
import { serveJobs } from "../radiomics/batch/serve";
import type { GeometryJob } from "./check";

serveJobs(async (job: GeometryJob): Promise<string[]> => {
  const { image, series } = job.cases[0];
  let volume: Volume;
  try {
    volume = await readImage(image, { series });
  } catch (err) {
    return [(err as Error).message];
  }
  const problems: string[] = [];
  const maskOf = caseMaskReader(volume, job.tolerance);
  for (const c of job.cases) {
    try {
      const mask = await maskOf(c);
      checkGeometry(volume, mask, job.tolerance, { image, mask: c.mask });
      checkLabel(mask, c.label, c.mask);
    } catch (err) {
      const message = (err as Error).message;
      if (!problems.includes(message)) problems.push(message);
    }
  }
  return problems;
});
