/**
 * A pool of worker threads that run a TypeScript module, one job at a time each.
 *
 * Workers start from a small CommonJS bootstrap that registers tsx's loader inside the thread and then imports
 * the entry module, so the same code runs whether the parent was started by tsx (`npx alnm`), by vitest or by
 * compiled JavaScript: a worker never depends on the parent's loader. A worker that dies (uncaught error,
 * out-of-memory, process.exit) fails only its current job; a fresh worker replaces it.
 *
 * Protocol: the entry module listens on `parentPort` for `{ id, job }` and answers `{ id, ok: true, value }` or
 * `{ id, ok: false, error }` (see worker.ts).
 */
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { repoPath } from "../../util/paths";

const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
const { pathToFileURL } = require("node:url");
import(pathToFileURL(workerData.tsxApi).href)
  .then((tsx) => tsx.register())
  .then(() => import(pathToFileURL(workerData.entry).href));
`;

/** tsx's ESM API module (the `import` target of `tsx/esm/api`), found from the project's dependencies. */
function tsxApiPath(): string {
  return createRequire(repoPath("package.json")).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs");
}

/** The outcome of one job. */
export type JobOutcome<R> = { ok: true; value: R } | { ok: false; error: string };

interface Slot {
  worker: Worker;
  busy?: { id: number; resolve: (o: JobOutcome<unknown>) => void };
}

/**
 * Runs jobs on `size` worker threads executing `entry` (an absolute path to a .ts module).
 *
 * @example
 * const pool = new WorkerPool(repoPath("src/radiomics/batch/worker.ts"), 2);
 * const outcome = await pool.run({ case: c, params });   // { ok: true, value } or { ok: false, error }
 * await pool.close();
 */
export class WorkerPool<J, R> {
  private slots: Slot[] = [];
  private waiting: (() => void)[] = [];
  private nextId = 0;
  private closed = false;
  /** Deaths since the last completed job: a worker that cannot even start must not respawn forever. */
  private deathsInARow = 0;
  private broken: string | undefined;
  private readonly tsxApi = tsxApiPath();

  constructor(private readonly entry: string, readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`WorkerPool: size must be a positive integer, got ${size}`);
    for (let i = 0; i < size; i++) this.slots.push({ worker: this.spawn() });
  }

  private spawn(): Worker {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { tsxApi: this.tsxApi, entry: this.entry } });
    worker.on("message", (msg: { id: number } & JobOutcome<unknown>) => {
      const slot = this.slots.find((s) => s.worker === worker);
      if (!slot?.busy || slot.busy.id !== msg.id) return;
      const { resolve } = slot.busy;
      slot.busy = undefined;
      this.deathsInARow = 0;
      resolve("error" in msg ? { ok: false, error: msg.error } : { ok: true, value: msg.value });
      this.waiting.shift()?.();
    });
    const onDeath = (reason: string) => {
      const slot = this.slots.find((s) => s.worker === worker);
      if (!slot) return;
      const busy = slot.busy;
      slot.busy = undefined;
      if (++this.deathsInARow > 2 * this.size) this.broken ??= reason;
      if (!this.closed && !this.broken) slot.worker = this.spawn();
      busy?.resolve({ ok: false, error: `worker thread died: ${reason}` });
      if (this.broken) for (const wake of this.waiting.splice(0)) wake();
      else if (busy) this.waiting.shift()?.();
    };
    worker.on("error", (err) => onDeath(err instanceof Error ? err.message : String(err)));
    worker.on("exit", (code) => {
      if (!this.closed) onDeath(`exit code ${code}`);
    });
    return worker;
  }

  /** Runs one job on the next free worker. */
  async run(job: J): Promise<JobOutcome<R>> {
    if (this.closed) throw new Error("WorkerPool: run() after close()");
    let slot = this.slots.find((s) => !s.busy);
    while (!slot && !this.broken) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      slot = this.slots.find((s) => !s.busy);
    }
    if (this.broken || !slot) return { ok: false, error: `worker threads keep dying (${this.broken}); last entry ${this.entry}` };
    const id = this.nextId++;
    const target = slot;
    return new Promise<JobOutcome<R>>((resolve) => {
      target.busy = { id, resolve: resolve as (o: JobOutcome<unknown>) => void };
      target.worker.postMessage({ id, job });
    });
  }

  /** Stops every worker (after the jobs already returned). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
