import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stationaryWavelet } from "../../src/radiomics/wavelet";

interface FixtureCase {
  name: string;
  size: [number, number, number];
  wavelet: string;
  level: number;
  start_level: number;
  numpy_axes: number[];
  input: number[];
  subbands: { level: number; key: string; values: number[] }[];
}
const fixture = JSON.parse(readFileSync("test/fixtures/wavelet/pywt_swt_reference.json", "utf8")) as { cases: FixtureCase[] };

describe("stationary wavelet transform vs PyWavelets 1.1.1 (PyRadiomics' _swt3 steps)", () => {
  for (const c of fixture.cases) {
    it(`${c.name}: every sub-band bit-identical, same order`, () => {
      const bands = [
        ...stationaryWavelet(c.input, c.size, { index: [0, 0, 0], size: c.size }, {
          wavelet: c.wavelet,
          level: c.level,
          startLevel: c.start_level,
          axes: c.numpy_axes.map((a) => 2 - a),
        }),
      ];
      expect(bands.map((b) => `${b.level}${b.key}`)).toEqual(c.subbands.map((b) => `${b.level}${b.key}`));
      for (let i = 0; i < bands.length; i++) {
        expect(Array.from(bands[i].values)).toEqual(c.subbands[i].values);
      }
    });
  }
});
