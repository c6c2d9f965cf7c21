import { describe, expect, it } from "vitest";
import { featureGroupDifferences, pairedFeatureChanges } from "../../src/analyses/05-neoadjuvant/nac";
import { benjaminiHochberg, pairedTTest, welchTTest } from "../../src/stats/index";

// R's sleep data (paired t-test reference: t = -4.0621, df = 9, p = 0.002833).
const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe("pairedFeatureChanges", () => {
  const r = pairedFeatureChanges(["sleep", "reversed", "noise"], [drug1, drug2, drug1], [drug2, drug1, drug1.map((v, i) => v + (i % 2 ? 0.01 : -0.01))]);

  it("runs R's paired t-test (after vs before) per feature", () => {
    expect(r.rows[0].t).toBeCloseTo(4.062128, 5);
    expect(r.rows[0].df).toBe(9);
    expect(r.rows[0].p).toBeCloseTo(0.002832890, 8);
    expect(r.rows[0].p).toBe(pairedTTest(drug2, drug1).pValue);
  });

  it("adjusts across features with BH and counts directions at the FDR", () => {
    expect(r.rows.map((x) => x.pAdj)).toEqual(benjaminiHochberg(r.rows.map((x) => x.p)));
    expect(r.rows.map((x) => x.direction)).toEqual(["up", "down", "ns"]);
    expect([r.up, r.down]).toEqual([1, 1]);
  });

  it("leaves out incomplete pairs and gives NaN where no test exists", () => {
    const q = pairedFeatureChanges(["partial", "constant"], [[1, 2, NaN, 4], [1, 2, 3, 4]], [[2, 3.5, 1, 6], [2, 3, 4, 5]]);
    expect(q.rows[0].n).toBe(3);
    expect(Number.isNaN(q.rows[1].p)).toBe(true);
    expect(q.rows[1].direction).toBe("ns");
  });

  it("names a feature whose value rows do not line up", () => {
    expect(() => pairedFeatureChanges(["f"], [[1, 2]], [[1]])).toThrow(/feature f has 2 values before and 1 after/);
  });
});

describe("featureGroupDifferences", () => {
  it("is Welch's t-test per feature with BH", () => {
    const values = [drug1.concat(drug2)];
    const inA = values[0].map((_, i) => i < 10);
    const [row] = featureGroupDifferences(["f"], values, inA);
    const w = welchTTest(drug1, drug2);
    expect(row.t).toBe(w.statistic);
    expect(row.p).toBe(w.pValue);
    expect(row.pAdj).toBe(w.pValue);
  });
});

describe("changesByFeatureClass and scaleRows", () => {
  it("counts directions per PyRadiomics feature class", async () => {
    const { changesByFeatureClass } = await import("../../src/analyses/05-neoadjuvant/nac");
    const row = (feature: string, direction: "up" | "down" | "ns") => ({ feature, direction }) as never;
    expect(changesByFeatureClass([row("aln/T1C/original_gldm_DependenceEntropy", "up"), row("tumour/ADC/wavelet-LLH_gldm_GrayLevelVariance", "down"), row("tumour/T2WI/original_glcm_Idmn", "ns"), row("aln/T1C/diagnostics_Mask-original_VoxelNum", "down")])).toEqual([
      { featureClass: "diagnostics", features: 1, up: 0, down: 1 },
      { featureClass: "glcm", features: 1, up: 0, down: 0 },
      { featureClass: "gldm", features: 2, up: 1, down: 1 },
    ]);
  });

  it("standardises rows as pheatmap's scale = 'row' (sample SD), constant rows to 0", async () => {
    const { scaleRows } = await import("../../src/analyses/05-neoadjuvant/nac");
    const [a, b] = scaleRows([[1, 2, 3], [5, 5, 5]]);
    expect(a).toEqual([-1, 0, 1]);
    expect(b).toEqual([0, 0, 0]);
  });
});

describe("unadjusted counts and the signed-rank sensitivity analysis", () => {
  it("counts features by the sign of their change at unadjusted p < 0.05, and runs R's paired signed-rank per feature", async () => {
    const { pairedFeatureChanges, signedRankChanges, unadjustedCounts } = await import("../../src/analyses/05-neoadjuvant/nac");
    const before = [[1, 2, 3, 4, 5, 6, 7, 8], [5, 5.2, 4.9, 5.1, 5, 5.3, 4.8, 5]];
    const after = [[2.1, 3.3, 4.2, 5.4, 6.1, 7.5, 8.2, 9.6], [5.1, 5.1, 5, 5, 5.1, 5.2, 4.9, 5.1]];
    const changes = pairedFeatureChanges(["up", "flat"], before, after);
    expect(unadjustedCounts(changes.rows)).toEqual({ up: changes.rows.filter((r) => r.p < 0.05 && r.meanChange > 0).length, down: 0 });
    expect(changes.rows[0].p).toBeLessThan(0.05);
    const sr = signedRankChanges(["up", "flat"], before, after);
    // All 8 differences positive and distinct: V = 36, exact two-sided p = 2 / 2^8 (R: wilcox.test(after, before, paired = TRUE)).
    expect(sr[0]).toMatchObject({ feature: "up", n: 8, V: 36, exact: true });
    expect(sr[0].p).toBeCloseTo(2 / 256, 15);
  });
});
