/**
 * A full disk while a notebook publishes a result or a figure spec (in process: fs.writeFileSync made to write
 * half its bytes and fail with ENOSPC, as a full disk does): the call fails naming the file, the previous
 * complete file is still what readers get, and no temporary is left behind.
 */
import fs, { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openNotebook, readResult } from "../../src/notebook/session";

const out = mkdtempSync(join(tmpdir(), "alnm-atomic-"));
const saved = { output: process.env.ALNM_OUTPUT, figures: process.env.ALNM_FIGURES };
process.env.ALNM_OUTPUT = out;
process.env.ALNM_FIGURES = "off";
const realWrite = fs.writeFileSync;

/** Makes every later fs.writeFileSync write half its data and throw ENOSPC. */
function fillDisk(): void {
  fs.writeFileSync = ((file: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView) => {
    const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    realWrite(file, bytes.subarray(0, bytes.length >> 1));
    throw Object.assign(new Error(`ENOSPC: no space left on device, write '${String(file)}'`), { code: "ENOSPC" });
  }) as typeof fs.writeFileSync;
  syncBuiltinESMExports();
}

afterEach(() => {
  fs.writeFileSync = realWrite;
  syncBuiltinESMExports();
});
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  for (const [key, value] of [["ALNM_OUTPUT", saved.output], ["ALNM_FIGURES", saved.figures]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("notebook outputs on a full disk", () => {
  const nb = openNotebook("98-disk");
  const dir = join(out, "results", "98-disk");

  it("the injection really fails writes (the test can fail)", () => {
    fillDisk();
    expect(() => fs.writeFileSync(join(out, "probe.txt"), "abcdef")).toThrow(/ENOSPC/);
    expect(readFileSync(join(out, "probe.txt"), "utf8")).toBe("abc");
  });

  it("result(): error naming the file; the earlier complete result stays readable; no temporary", () => {
    nb.result("auc", { training: 0.88, values: Array.from({ length: 200 }, (_v, i) => i / 7) });
    fillDisk();
    expect(() => nb.result("auc", { training: 0.5, values: [] })).toThrow(/cannot write \S+results\/98-disk\/auc\.json: ENOSPC/);
    fs.writeFileSync = realWrite;
    syncBuiltinESMExports();
    expect(readResult<{ training: number }>("98-disk", "auc").training).toBe(0.88);
    expect(readdirSync(dir)).toEqual(["auc.json"]);
  });

  it("figure(): the spec file is never left half-written", async () => {
    fillDisk();
    await expect(nb.figure("roc", { data: [{ type: "scatter", x: [0, 1], y: [0, 1] }], layout: {} } as never)).rejects.toThrow(/cannot write \S+figures\/98-disk\/roc\.json: ENOSPC/);
    expect(readdirSync(join(out, "figures", "98-disk"))).toEqual([]);
  });
});
