/**
 * Runs the project's ITK reference program (tools/itk-reference, built against Debian's ITK 5.2 by
 * scripts/build-itk-reference.sh). When it is not built the tests that need it FAIL with that instruction:
 * CI runs the script first, and a missing reference must never look like a pass.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { readImage, type Volume } from "../../src/radiomics/image";

export const ITK_REFERENCE = resolve("build/itk-reference/itk-reference");

export function requireItkReference(): void {
  if (!existsSync(ITK_REFERENCE)) {
    throw new Error(`ITK reference program ${ITK_REFERENCE} is not built: run scripts/build-itk-reference.sh (installs libinsighttoolkit5-dev and builds tools/itk-reference)`);
  }
}

function scratch(): string {
  mkdirSync("build/tmp", { recursive: true });
  return mkdtempSync(join(resolve("build/tmp"), "itk-"));
}

export interface ItkN4Output {
  corrected: Volume;
  logField: Volume;
  seconds: number;
  threads: number;
}

/** ITK's N4 (shrink, fit, full-resolution field) on an image file; options as the program's flags. */
export async function itkN4(image: string, mask: string | null, flags: Record<string, string | number>): Promise<ItkN4Output> {
  requireItkReference();
  const dir = scratch();
  try {
    const args = ["n4", resolve(image), join(dir, "corrected.nrrd"), join(dir, "field.nrrd")];
    if (mask) args.push("--mask", resolve(mask));
    for (const [k, v] of Object.entries(flags)) args.push(`--${k}`, String(v));
    const report = JSON.parse(execFileSync(ITK_REFERENCE, args, { encoding: "utf8" }));
    return { corrected: await readImage(join(dir, "corrected.nrrd")), logField: await readImage(join(dir, "field.nrrd")), seconds: report.seconds, threads: report.threads };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** ITK's ResampleImageFilter (double precision, no cast) onto a grid with the input's direction. */
export async function itkResample(
  image: string,
  grid: { size: number[]; spacing: number[]; origin: number[] },
  interpolator: "bspline" | "linear" | "nearest",
): Promise<Volume> {
  requireItkReference();
  const dir = scratch();
  try {
    const out = join(dir, "resampled.nrrd");
    const list = (v: number[]) => v.map((x) => x.toPrecision(17)).join(",");
    execFileSync(ITK_REFERENCE, [
      "resample", resolve(image), out,
      "--spacing", list(grid.spacing), "--origin", list(grid.origin), "--size", grid.size.join(","),
      "--interpolator", interpolator, "--threads", "1",
    ]);
    return await readImage(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** sqrt(sum (a - b)^2 / sum b^2) over voxels where `where` is non-zero (all voxels when null). */
export function relativeRms(a: ArrayLike<number>, b: ArrayLike<number>, where: ArrayLike<number> | null): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    if (where && !where[i]) continue;
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** Pearson correlation over voxels where `where` is non-zero. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>, where: ArrayLike<number>): number {
  let n = 0, sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) if (where[i]) { n++; sa += a[i]; sb += b[i]; }
  const ma = sa / n, mb = sb / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    if (!where[i]) continue;
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
