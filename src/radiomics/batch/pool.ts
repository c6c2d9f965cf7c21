/**
 * A pool of worker threads that run a module, one job at a time each.
 *
 * Workers start from a small CommonJS bootstrap that imports the entry module. A TypeScript entry (`.ts`, as the
 * sources run under tsx, vitest or notebooks) is loaded through tsx's loader, registered inside the thread; a
 * JavaScript entry (the compiled code in dist/, as `alnm` runs) is imported as is, without tsx. So a worker never
 * depends on the parent's loader. A worker that dies (uncaught error, out-of-memory, process.exit) fails only its
 * current job; a fresh worker replaces it.
 *
 * Limits (optional, {@link PoolLimits}): a job that runs longer than `jobTimeoutMs` has its worker terminated
 * and fails with `limit: "time"`; with `maxOldGenerationSizeMb`, a worker whose JavaScript heap outgrows it is
 * stopped by Node (ERR_WORKER_OUT_OF_MEMORY) and its job fails with `limit: "memory"`. Either way a fresh worker
 * takes the slot and the other jobs carry on; limit failures never count as a pool that "keeps dying".
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
(workerData.tsxApi ? import(pathToFileURL(workerData.tsxApi).href).then((tsx) => tsx.register()) : Promise.resolve())
  .then(() => import(pathToFileURL(workerData.entry).href))
  .then(() => require("node:worker_threads").parentPort.postMessage({ ready: true }));
`;

/** tsx's ESM API module (the `import` target of `tsx/esm/api`) for a TypeScript entry, found from the project's dependencies; undefined for JavaScript. */
function tsxApiPath(entry: string): string | undefined {
  if (!/\.[cm]?ts$/.test(entry)) return undefined;
  return createRequire(repoPath("package.json")).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs");
}

/** The outcome of one job; `limit` is set when the job failed because it hit a {@link PoolLimits} limit. */
export type JobOutcome<R> = { ok: true; value: R } | { ok: false; error: string; limit?: "time" | "memory" };

/** Per-job limits of a {@link WorkerPool}. */
export interface PoolLimits {
  /** Wall-clock limit of one job in ms, counted from the moment its worker is ready (thread start-up excluded). */
  jobTimeoutMs?: number;
  /** Heap limit of each worker thread (Node's `resourceLimits.maxOldGenerationSizeMb`). */
  maxOldGenerationSizeMb?: number;
}

interface Slot {
  worker: Worker;
  busy?: { id: number; resolve: (o: JobOutcome<unknown>) => void; timer?: NodeJS.Timeout };
}

/**
 * Runs jobs on `size` worker threads executing `entry` (an absolute path to a .ts or .js module).
 *
 * @example
 * const pool = new WorkerPool(ownModulePath("radiomics/batch/worker"), 2);
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
  private readonly tsxApi: string | undefined;

  constructor(private readonly entry: string, readonly size: number, private readonly limits: PoolLimits = {}) {
    this.tsxApi = tsxApiPath(entry);
    if (!Number.isInteger(size) || size < 1) throw new Error(`WorkerPool: size must be a positive integer, got ${size}`);
    const { jobTimeoutMs, maxOldGenerationSizeMb } = limits;
    if (jobTimeoutMs !== undefined && !(jobTimeoutMs > 0)) throw new Error(`WorkerPool: jobTimeoutMs must be > 0, got ${jobTimeoutMs}`);
    if (maxOldGenerationSizeMb !== undefined && !(maxOldGenerationSizeMb > 0)) {
      throw new Error(`WorkerPool: maxOldGenerationSizeMb must be > 0, got ${maxOldGenerationSizeMb}`);
    }
    for (let i = 0; i < size; i++) this.slots.push({ worker: this.spawn() });
  }

  private spawn(): Worker {
    const { maxOldGenerationSizeMb } = this.limits;
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { tsxApi: this.tsxApi, entry: this.entry },
      ...(maxOldGenerationSizeMb !== undefined ? { resourceLimits: { maxOldGenerationSizeMb } } : {}),
    });
    worker.on("message", (msg: ({ id: number } & JobOutcome<unknown>) | { ready: true }) => {
      // Messages of a worker no longer in a slot (terminated on a time limit) are ignored.
      const slot = this.slots.find((s) => s.worker === worker);
      if (!slot) return;
      if ("ready" in msg) {
        // The time limit counts from here: restart the clock of a job posted while the thread was starting.
        if (slot.busy) this.startClock(slot, slot.busy);
        return;
      }
      if (!slot.busy || slot.busy.id !== msg.id) return;
      const { resolve, timer } = slot.busy;
      clearTimeout(timer);
      slot.busy = undefined;
      this.deathsInARow = 0;
      resolve("error" in msg ? { ok: false, error: msg.error } : { ok: true, value: msg.value });
      this.waiting.shift()?.();
    });
    const onDeath = (reason: string, limit?: "memory") => {
      const slot = this.slots.find((s) => s.worker === worker);
      if (!slot) return;
      const busy = slot.busy;
      clearTimeout(busy?.timer);
      slot.busy = undefined;
      // A job that outgrew the heap limit says nothing about whether workers can start: not a death in a row.
      const counted = !(limit && busy);
      if (counted && ++this.deathsInARow > 2 * this.size) this.broken ??= reason;
      if (!this.closed && !this.broken) slot.worker = this.spawn();
      busy?.resolve(
        limit && busy
          ? { ok: false, error: `exceeded the memory limit of ${this.limits.maxOldGenerationSizeMb} MB`, limit }
          : { ok: false, error: `worker thread died: ${reason}` },
      );
      if (this.broken) for (const wake of this.waiting.splice(0)) wake();
      else if (busy) this.waiting.shift()?.();
    };
    worker.on("error", (err) => {
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      onDeath(err instanceof Error ? err.message : String(err), code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : undefined);
    });
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
      const busy: NonNullable<Slot["busy"]> = { id, resolve: resolve as (o: JobOutcome<unknown>) => void };
      target.busy = busy;
      // Started now even if the thread is still loading (a start-up that hangs must end too); restarted when ready.
      this.startClock(target, busy);
      target.worker.postMessage({ id, job });
    });
  }

  /** (Re)starts the time limit of the job `busy` running on `slot`. */
  private startClock(slot: Slot, busy: NonNullable<Slot["busy"]>): void {
    const ms = this.limits.jobTimeoutMs;
    clearTimeout(busy.timer);
    if (ms === undefined || this.closed) return;
    // Unref'd: a running worker keeps the process alive by itself; the clock must not (e.g. after close()).
    busy.timer = setTimeout(() => this.timeOut(slot, busy), ms).unref();
  }

  /**
   * A job over its time limit: its worker is terminated (its later messages and exit are ignored, as it has left
   * the slot), a fresh worker takes the slot, and the job fails with `limit: "time"`. Not counted as a death.
   */
  private timeOut(slot: Slot, busy: NonNullable<Slot["busy"]>): void {
    if (slot.busy !== busy) return;
    const stale = slot.worker;
    slot.busy = undefined;
    if (!this.closed) slot.worker = this.spawn();
    void stale.terminate();
    busy.resolve({ ok: false, error: `exceeded the time limit of ${formatSeconds(this.limits.jobTimeoutMs!)} s`, limit: "time" });
    this.waiting.shift()?.();
  }

  /** Stops every worker (after the jobs already returned). */
  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.slots) clearTimeout(s.busy?.timer);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** Milliseconds as seconds for messages: `120000` -> "120", `1500` -> "1.5". */
function formatSeconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}
