/**
 * The worker-thread side of {@link WorkerPool}: answers each `{ id, job }` message with the handler's result,
 * or with the error message if it throws. Jobs run one at a time, in arrival order.
 *
 * @example
 * // in a worker entry module
 * serveJobs(async (job: { case: CaseIdentity }) => extractCase(job.case));
 */
import { parentPort } from "node:worker_threads";

export function serveJobs<J, R>(handler: (job: J) => Promise<R> | R): void {
  const port = parentPort;
  if (!port) throw new Error("serveJobs: not running in a worker thread");
  let queue = Promise.resolve();
  port.on("message", (msg: { id: number; job: J }) => {
    queue = queue.then(async () => {
      try {
        port.postMessage({ id: msg.id, ok: true, value: await handler(msg.job) });
      } catch (err) {
        port.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    });
  });
}
