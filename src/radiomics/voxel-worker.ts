/** Worker-thread entry of voxel-based extraction (started by WorkerPool from voxel.ts): one batch of voxels per job. */
import { serveJobs } from "./batch/serve";
import { computeVoxelBatch } from "./voxel-kernel";

serveJobs(computeVoxelBatch);
