import { describe, expect, it } from "vitest";
import { makeVolume } from "../../src/radiomics/image";
import { waveletImages, type IndexBox, type WaveletSettings } from "../../src/radiomics/wavelet";
import { createRng } from "../../src/util/random";

/** A volume with odd sizes (so PyRadiomics' wrap padding matters) and smooth + noisy content. */
function testVolume(size: [number, number, number], seed: number) {
  const rng = createRng(seed);
  const data = new Float64Array(size[0] * size[1] * size[2]);
  for (let z = 0, i = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++)
      for (let x = 0; x < size[0]; x++, i++) data[i] = Math.round(300 * Math.sin(x / 3) * Math.cos(y / 4) + 40 * z + 50 * rng.normal());
  return makeVolume(data, size, { spacing: [0.7, 0.8, 1.5], origin: [-10, 5, 2] });
}

/** Bitwise comparison of a cropped sub-band with the same voxels of the whole-image sub-band. */
function expectCropIdentical(settings: WaveletSettings, box: IndexBox, size: [number, number, number]) {
  const vol = testVolume(size, 7);
  const whole = [...waveletImages(vol, settings)];
  const cropped = [...waveletImages(vol, settings, box)];
  expect(cropped.map((c) => c.name)).toEqual(whole.map((w) => w.name));
  let compared = 0;
  for (let b = 0; b < whole.length; b++) {
    const W = whole[b].image;
    const C = cropped[b].image;
    expect(C.size).toEqual(box.size);
    expect(cropped[b].offset).toEqual(box.index);
    for (let z = 0; z < box.size[2]; z++)
      for (let y = 0; y < box.size[1]; y++)
        for (let x = 0; x < box.size[0]; x++) {
          const w = W.data[x + box.index[0] + size[0] * (y + box.index[1] + size[1] * (z + box.index[2]))];
          const c = C.data[x + box.size[0] * (y + box.size[1] * z)];
          if (!Object.is(w, c)) throw new Error(`${whole[b].name} differs at (${x}, ${y}, ${z}) of the box: ${c} vs ${w}`);
          compared++;
        }
  }
  expect(compared).toBe(whole.length * box.size[0] * box.size[1] * box.size[2]);
}

describe("wavelet over the mask's bounding box equals the whole-image decomposition, bit for bit", () => {
  const size: [number, number, number] = [23, 19, 11];
  it("coif1, box touching the high edges (wrap + odd-size padding reach into the box)", () => {
    expectCropIdentical({}, { index: [17, 12, 6], size: [6, 7, 5] }, size);
  });
  it("coif1, box touching the low edges", () => {
    expectCropIdentical({}, { index: [0, 0, 0], size: [5, 4, 3] }, size);
  });
  it("interior box, two levels after one skipped level (filter reach grows per level)", () => {
    expectCropIdentical({ level: 2, start_level: 1, wavelet: "sym3" }, { index: [8, 6, 4], size: [5, 6, 3] }, size);
  });
  it("long filter on a short axis (coif3, 18 taps, wraps several periods)", () => {
    expectCropIdentical({ wavelet: "coif3" }, { index: [3, 2, 0], size: [4, 5, 3] }, [9, 8, 3]);
  });
  it("force2D leaves the skipped axis unfiltered", () => {
    expectCropIdentical({ force2D: true, force2Ddimension: 0, wavelet: "db2" }, { index: [2, 9, 3], size: [7, 10, 4] }, size);
  });
  it("geometry: the cropped image sits at the box's physical position", () => {
    const vol = testVolume(size, 3);
    const first = waveletImages(vol, {}, { index: [2, 3, 4], size: [3, 3, 3] }).next().value!;
    expect(first.name).toBe("wavelet-LLH");
    expect(first.image.origin).toEqual([-10 + 2 * 0.7, 5 + 3 * 0.8, 2 + 4 * 1.5]);
    expect(first.image.spacing).toEqual([0.7, 0.8, 1.5]);
  });
  it("rejects a box outside the image and an unknown wavelet", () => {
    const vol = testVolume([5, 5, 5], 1);
    expect(() => [...waveletImages(vol, {}, { index: [3, 0, 0], size: [3, 1, 1] })]).toThrow(/outside the image/);
    expect(() => [...waveletImages(vol, { wavelet: "bior1.3" })]).toThrow(/unknown wavelet "bior1.3"/);
  });
});
