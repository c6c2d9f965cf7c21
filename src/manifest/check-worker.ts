/** Worker-thread entry of `alnm manifest check` (started by WorkerPool from check.ts): the geometry of one image's cases per job. */
import { readImage, type Volume } from "../radiomics/image";
import { readMask } from "../radiomics/segmentation/read-mask";
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
      const key = JSON.stringify([c.mask, c.segment ?? null]);
      if (!masks.has(key)) masks.set(key, readMask(c.mask, { image: volume, segment: c.segment, geometryTolerance: job.tolerance }));
      const mask = await masks.get(key)!;
      checkGeometry(volume, mask, job.tolerance, { image, mask: c.mask });
      checkLabel(mask, c.label, c.mask);
    } catch (err) {
      const message = (err as Error).message;
      if (!problems.includes(message)) problems.push(message);
    }
  }
  return problems;
});
