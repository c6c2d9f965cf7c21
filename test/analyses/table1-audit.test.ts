import { describe, expect, it } from "vitest";
import { auditTable1, publishedPAgrees, radiologistConcordance } from "../../src/analyses/01-cohorts/table1-audit";
import { loadPaperTable1 } from "../../src/synthetic/table1";
import { PUBLISHED_CHI_SQUARED_P, RADIOLOGIST_CONCORDANCE } from "../../src/paper/published";

const PUBLISHED = PUBLISHED_CHI_SQUARED_P;

describe("publishedPAgrees", () => {
  it("compares at the printed precision and reads '<' bounds", () => {
    expect(publishedPAgrees("0.010", 0.0104)).toBe(true);
    expect(publishedPAgrees("0.010", 0.0123)).toBe(false);
    expect(publishedPAgrees("<0.001", 0.0009)).toBe(true);
    expect(publishedPAgrees("<0.001", 0.0011)).toBe(false);
  });
});

describe("auditTable1 on the paper's own counts", () => {
  const rows = auditTable1(loadPaperTable1(), PUBLISHED);
  const at = (v: string) => rows.find((r) => r.variable === v && r.cohort === "training")!;

  it("reproduces Ki67 P = 0.010 only without Yates' correction", () => {
    // chisq.test(matrix(c(259, 150, 212, 178), 2), correct = FALSE)$p.value = 0.01036 (computed by hand below).
    const k = at("ki67");
    expect(k.negative).toEqual([259, 212]);
    expect(k.pUncorrected).toBeGreaterThan(0.0095);
    expect(k.pUncorrected).toBeLessThan(0.0105);
    expect(k.pYates).toBeGreaterThan(0.0105);
    expect(k.verdict).toBe("agrees without Yates' correction");
  });

  it("flags molecular subtype: the counts give a far smaller P than the published 0.033", () => {
    const s = at("subtype");
    expect(s.df).toBe(3);
    expect(s.pUncorrected).toBeLessThan(0.005);
    expect(s.verdict).toBe("DISAGREES");
  });

  it("confirms the P < 0.001 of clinical T and N", () => {
    expect(at("clinical_t").verdict).toBe("agrees");
    expect(at("clinical_n").verdict).toBe("agrees");
  });

  it("matches a hand computation of Pearson's statistic", () => {
    const e = at("er");
    const [a, b] = e.negative;
    const [c, d] = e.positive;
    const n = a + b + c + d;
    const x2 = (n * (a * d - b * c) ** 2) / ((a + b) * (c + d) * (a + c) * (b + d));
    expect(e.chiSquared).toBeCloseTo(x2, 10);
  });

  it("drops empty levels and marks untestable tables", () => {
    // Prospective cohort: no grade 1 tumour in either group.
    const grade = rows.find((r) => r.variable === "grade" && r.cohort === "prospective")!;
    expect(grade.levels).toEqual(["2", "3"]);
    expect(grade.negative).toEqual([10, 10]);
    const n = rows.find((r) => r.variable === "clinical_n" && r.cohort === "prospective")!;
    expect(n.minExpected).toBeLessThan(5);
  });
});

describe("radiologistConcordance", () => {
  it("recomputes every number of section 4.1 from Table 1's clinical N counts", () => {
    const c = radiologistConcordance(loadPaperTable1());
    expect(c.total).toBe(RADIOLOGIST_CONCORDANCE.total);
    expect(c.mriPositive).toBe(RADIOLOGIST_CONCORDANCE.mriPositive);
    expect(c.mriPositivePercent).toBe(RADIOLOGIST_CONCORDANCE.mriPositivePercent);
    expect(c.mriPositivePathNegative).toBe(RADIOLOGIST_CONCORDANCE.mriPositivePathNegative);
    expect(c.mriPositivePathNegativePercent).toBe(RADIOLOGIST_CONCORDANCE.mriPositivePathNegativePercent);
    expect(c.mriNegative).toBe(RADIOLOGIST_CONCORDANCE.mriNegative);
    expect(c.mriNegativePathPositive).toBe(RADIOLOGIST_CONCORDANCE.mriNegativePathPositive);
    expect(c.mriNegativePathPositivePercent).toBe(RADIOLOGIST_CONCORDANCE.mriNegativePathPositivePercent);
    expect(c.missing).toBe(27);
  });
});
