/** Worker-thread entry of `alnm manifest check` (started by WorkerPool from check.ts): the geometry of one image's cases per job. */
import { readImage, type Volume } from "../radiomics/image";
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
  const masks = new Map<string, Promise<Volume>>();
  for (const c of job.cases) {
    try {
      if (!masks.has(c.mask)) masks.set(c.mask, readImage(c.mask));
      const mask = await masks.get(c.mask)!;
      checkGeometry(volume, mask, job.tolerance, { image, mask: c.mask });
      checkLabel(mask, c.label, c.mask);
    } catch (err) {
      const message = (err as Error).message;
      if (!problems.includes(message)) problems.push(message);
    }
  }
  return problems;
});
