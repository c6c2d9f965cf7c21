/**
 * `alnm manifest init --dicom` on a generated DICOM tree, whole process (start-up included), as a user runs it:
 * N patients (default 1,000), each a study of 5 series x 5 slices (DCE pre and post sharing one folder, T2, ADC,
 * a localizer; 12 x 12 matrices) and a label map beside 3 of them, so 28 files a patient. The small matrices make
 * this a measure of the per-file cost (read, SHA-256, DICOM walk, grouping), not of disk bandwidth.
 * Target: under 60 s for 1,000 patients on 2 cores. `npm run bench -- manifest`; `npx tsx bench/manifest-init.bench.ts <patients>`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { repoPath } from "../src/util/paths";
import { writeStudyTree } from "../test/manifest/trees";

const patients = Number(process.argv[2] ?? 1000);
const root = mkdtempSync(join(tmpdir(), "alnm-init-bench-"));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const t0 = performance.now();
  for (let p = 0; p < patients; p++) writeStudyTree(root, `export${String(p).padStart(5, "0")}`, p, `MRN${String(p).padStart(7, "0")}`);
  writeFileSync(join(root, "key"), "0123456789abcdef0123456789abcdef\n");
  console.log(`Tree: ${patients} patients, ${patients * 28} files, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s. Load average ${loadavg()[0].toFixed(1)} (2 cores).\n`);
  console.log("| workers | wall s (median of 3) | runs | files/s | target |");
  console.log("|---|---|---|---|---|");
  for (const workers of [1, 2]) {
    const walls: number[] = [];
    for (let run = 0; run < 3; run++) {
      const t = performance.now();
      const r = spawnSync(
        process.execPath,
        [repoPath("bin/alnm.mjs"), "manifest", "init", root, "--dicom", "--sequence", "T1C=post", "--sequence", "T2WI=t2", "--sequence", "ADC=adc",
          "--masks", "{folder}/labels.nrrd", "--label", "tumour=1", "--label", "aln=2", "--pseudonym-key", join(root, "key"),
          "--out", join(root, "manifest.json"), "--workers", String(workers), "--force"],
        { encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, ALNM_CACHE: join(root, `.cache-${workers}-${run}`) } },
      );
      walls.push((performance.now() - t) / 1000);
      if (r.status !== 0) throw new Error(`manifest init failed (${r.status}):\n${r.stderr.slice(-2000)}`);
    }
    const m = median(walls);
    console.log(`| ${workers} | ${m.toFixed(1)} | ${walls.map((w) => w.toFixed(1)).join(", ")} | ${((patients * 28) / m).toFixed(0)} | < 60 s for 1,000 patients |`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
