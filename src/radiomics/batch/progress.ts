/**
 * Progress of a cohort run: a cli-progress bar with rate and ETA when the stream is a terminal, one plain
 * line per finished case otherwise (logs, Slurm/Kubernetes job output).
 */
import { createRequire } from "node:module";
import { repoPath } from "../../util/paths";

/** Receives one call per finished case. */
export interface ProgressReporter {
  /** A case finished (`ok` false: it failed and was recorded in the failures). */
  tick(caseKey: string, ok: boolean): void;
  stop(): void;
}

interface CliBar {
  start(total: number, start: number, payload: Record<string, string>): void;
  update(value: number, payload: Record<string, string>): void;
  stop(): void;
}

/** "1 h 02 min", "4 min 05 s", "12 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${s} s`;
}

/**
 * A reporter for `total` cases of which `done` are already complete (resumed). Rate and ETA count only the
 * cases this run extracted.
 *
 * @example
 * const progress = createProgress(6528, 0, process.stderr);
 * progress.tick("P0001/T1C/tumour", true);
 * progress.stop();
 */
export function createProgress(
  total: number,
  done: number,
  stream: NodeJS.WriteStream,
  words: { noun: string; verb: string; lineEveryMs?: number } = { noun: "cases", verb: "extracted" },
): ProgressReporter {
  // lineEveryMs: without a terminal, at most one line per this many ms (tens of thousands of files would flood a log).
  const { noun, verb, lineEveryMs = 0 } = words;
  let lastLine = -Infinity;
  const started = Date.now();
  let value = done;
  let failed = 0;
  const stats = () => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? (value - done) / elapsed : 0;
    const eta = rate > 0 ? (total - value) / rate : Infinity;
    return { rate: rate.toFixed(2), remaining: formatDuration(eta), failed: String(failed) };
  };
  if (stream.isTTY) {
    const cliProgress = createRequire(repoPath("package.json"))("cli-progress");
    const bar: CliBar = new cliProgress.SingleBar(
      {
        format: `{bar} {value}/{total} ${noun} | {rate} ${noun}/s | ETA {remaining} | {failed} failed | {last}`,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, done, { ...stats(), last: "" });
    return {
      tick(key, ok) {
        value++;
        if (!ok) failed++;
        bar.update(value, { ...stats(), last: `${key}${ok ? "" : " FAILED"}` });
      },
      stop: () => bar.stop(),
    };
  }
  return {
    tick(key, ok) {
      value++;
      if (!ok) failed++;
      if (Date.now() - lastLine < lineEveryMs && value < total) return;
      lastLine = Date.now();
      const s = stats();
      stream.write(`[${value}/${total}] ${key} ${ok ? "ok" : "FAILED"} (${s.rate} ${noun}/s, ETA ${s.remaining})\n`);
    },
    stop() {
      const elapsed = (Date.now() - started) / 1000;
      stream.write(`${value - done} ${noun} ${verb} in ${formatDuration(elapsed)}, ${failed} failed\n`);
    },
  };
}
