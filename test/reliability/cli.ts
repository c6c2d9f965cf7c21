/** Runs `alnm` in a child process without blocking, so independent runs of a test can overlap. */
import { spawn } from "node:child_process";

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node [--import preload] bin/alnm.mjs ...args` with extra environment variables; resolves when it exits.
 *
 * @example
 * const run = await alnm(["extract-cohort", "--manifest", m, "--out", out]);
 */
export function alnm(args: string[], env: Record<string, string> = {}, preload?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(preload ? ["--import", preload] : []), "bin/alnm.mjs", ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
