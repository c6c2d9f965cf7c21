import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { P_ADJUST_METHODS, type PAdjustMethod, benjaminiHochberg, pAdjust } from "../../src/stats/padjust";

// R 4.2 reference values made by test/fixtures/stats/padjust.R (null = NA).
type Reference = { p: (number | null)[] } & Record<PAdjustMethod, (number | null)[]>;
const R: Record<string, Reference> = JSON.parse(readFileSync("test/fixtures/stats/padjust.json", "utf8"));
const toNumbers = (v: (number | null)[]) => v.map((x) => (x === null ? NaN : x));

describe("pAdjust against R p.adjust", () => {
  for (const [name, ref] of Object.entries(R)) {
    for (const method of P_ADJUST_METHODS) {
      it(`${method} on "${name}" equals R to 1e-12, NA staying NaN`, () => {
        const got = pAdjust(toNumbers(ref.p), method);
        expect(got).toHaveLength(ref[method].length);
        ref[method].forEach((want, i) => {
          if (want === null) expect(got[i], `index ${i}`).toBeNaN();
          else expect(Math.abs(got[i] - want), `index ${i}: ${got[i]} vs ${want}`).toBeLessThan(1e-12);
        });
      });
    }
  }

  it("BH is benjaminiHochberg", () => {
    const p = toNumbers(R.missing.p);
    expect(pAdjust(p, "BH")).toEqual(benjaminiHochberg(p));
  });

  it("rejects an unknown method, naming the allowed ones", () => {
    expect(() => pAdjust([0.1], "fdr" as PAdjustMethod)).toThrow(/unknown method "fdr".*holm, hochberg, hommel, bonferroni, BH, BY/);
  });

  it("rejects p-values outside [0, 1]", () => {
    expect(() => pAdjust([0.5, 1.2], "holm")).toThrow(/p\[1\] = 1.2 is not a probability/);
    expect(() => pAdjust([-0.1], "BY")).toThrow(/p\[0\] = -0.1 is not a probability/);
    expect(() => pAdjust([0.2, Infinity], "hommel")).toThrow(/not a probability/);
  });
});
