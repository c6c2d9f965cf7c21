import { describe, expect, it } from "vitest";
import { WorkerPool } from "../../src/radiomics/batch/pool";
import { repoPath } from "../../src/util/paths";

describe("WorkerPool (TypeScript worker threads, started under vitest)", () => {
  it("runs jobs on 2 threads, reports thrown errors, and survives a worker that dies", async () => {
    const pool = new WorkerPool<{ x: number } | "exit", number>(repoPath("test/fixtures/batch/square-worker.ts"), 2);
    try {
      const outcomes = await Promise.all([1, 2, 3, -4, 5].map((x) => pool.run({ x })));
      expect(outcomes).toEqual([
        { ok: true, value: 1 },
        { ok: true, value: 4 },
        { ok: true, value: 9 },
        { ok: false, error: "negative input -4" },
        { ok: true, value: 25 },
      ]);
      const died = await pool.run("exit");
      expect(died).toEqual({ ok: false, error: "worker thread died: exit code 3" });
      expect(await Promise.all([6, 7, 8].map((x) => pool.run({ x })))).toEqual([36, 49, 64].map((value) => ({ ok: true, value })));
    } finally {
      await pool.close();
    }
  });

  it("gives up with an error instead of respawning forever when the entry cannot load", async () => {
    const pool = new WorkerPool<{ x: number }, number>(repoPath("test/fixtures/batch/no-such-worker.ts"), 2);
    try {
      const outcome = await pool.run({ x: 1 });
      expect(outcome.ok).toBe(false);
    } finally {
      await pool.close();
    }
  });
});
