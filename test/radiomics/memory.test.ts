/** Voxel counts against the memory the process can use: a machine (here a mocked one) with 1 GiB. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("node:os", async (original) => ({ ...(await original<typeof import("node:os")>()), totalmem: () => 2 ** 30 }));
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { checkVoxelsFit, maxVoxelsInMemory, usableMemory } from "../../src/radiomics/memory";
import { readImage } from "../../src/radiomics/image";

describe("voxel counts against memory", () => {
  it("1 GiB allows 2^30 / 32 voxels (or less under a lower container limit)", () => {
    expect(usableMemory()).toBeLessThanOrEqual(2 ** 30);
    expect(maxVoxelsInMemory()).toBe(Math.floor(usableMemory() / 32));
    expect(() => checkVoxelsFit(maxVoxelsInMemory(), "a", "b", "c")).not.toThrow();
    expect(() => checkVoxelsFit(maxVoxelsInMemory() + 1, "x.nrrd", "the image (1 x 1 x 1)", "crop it")).toThrow(/^x\.nrrd: the image \(1 x 1 x 1\) has \S+ voxels; at about 32 bytes a voxel that needs \S+ GiB, more than the \S+ GiB this process can use; crop it$/);
  });

  it("an image header declaring more voxels than fit (but fewer than the reader's fixed limit) is refused before reading", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "alnm-memory-")), "big.nrrd");
    writeFileSync(file, "NRRD0004\ntype: short\ndimension: 3\nsizes: 400 400 400\nencoding: raw\nendian: little\n\n");
    await expect(readImage(file)).rejects.toThrow(/big\.nrrd: the image \(400 x 400 x 400\) has 6\.40e\+7 voxels; at about 32 bytes a voxel that needs 1\.91 GiB, more than the \S+ GiB this process can use; extract it on a machine with more memory/);
  });
});
