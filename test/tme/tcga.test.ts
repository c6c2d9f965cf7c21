import { describe, expect, it } from "vitest";
import { readDelimited } from "../../src/manifest/csv";
import { correlationMatrices, spearmanPairs } from "../../src/tme/correlate";
import { welchByGroup } from "../../src/tme/group-tests";
import { toCsv } from "../../src/util/csv";
import { loadTcgaImmune, loadTcgaLncRNA, loadTcgaMethylation, loadTcgaRadiomics } from "../../src/tme/tcga";
import { tcgaMicroenvironment } from "../../src/tme/tcga-analysis";

/** R's table (fixtures/make-tcga-reference.R) as objects; "NA" -> NaN. */
function readReference(name: string): Record<string, string | number>[] {
  const [header, ...body] = readDelimited(`test/tme/fixtures/${name}`, ",", name);
  return body.map((r) => {
    const o: Record<string, string | number> = {};
    header.forEach((h, j) => (o[h] = h === "feature" || h === "cell_type" ? r[j] : r[j] === "NA" ? NaN : Number(r[j])));
    return o;
  });
}

function expectRelClose(actual: number, expected: number, rel: number, what: string): void {
  if (Number.isNaN(expected)) {
    expect(actual, what).toBeNaN();
    return;
  }
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  expect(err, `${what}: ${actual} vs R ${expected}`).toBeLessThanOrEqual(rel);
}

function compareRows(actual: object[], reference: Record<string, string | number>[], keys: string[], numeric: string[]): void {
  expect(actual.length).toBe(reference.length);
  actual.forEach((row, i) => {
    const a = row as Record<string, string | number>;
    for (const k of keys) expect(a[k]).toBe(reference[i][k]);
    for (const k of numeric) expectRelClose(a[k] as number, reference[i][k] as number, 1e-8, `${a.feature}/${a.cell_type ?? ""} ${k}`);
  });
}

describe("TCGA-BRCA radiogenomics subset against R", () => {
  const radiomics = loadTcgaRadiomics();
  const immune = loadTcgaImmune();

  it("loads 91 patients, 36 features, 22 fractions and node status 46/44/1", () => {
    expect(radiomics.values.length).toBe(91);
    expect(radiomics.columns.length).toBe(36);
    expect(radiomics.columns[0]).toBe("Maximum enhancement (K1)");
    expect(immune.fractions.columns.length).toBe(22);
    const counts = [0, 0];
    immune.nodePositive.forEach((v) => counts[v]++);
    expect(counts).toEqual([46, 44]);
  });

  it("Spearman radiomics x immune: every row equals cor.test(exact = FALSE) + BH to 1e-8", () => {
    const rows = spearmanPairs(radiomics, immune.fractions);
    compareRows(rows, readReference("tcga-spearman-radiomics-immune.csv"), ["feature", "cell_type"], ["rho", "p", "p_adj"]);
    const minAdj = Math.min(...rows.filter((r) => !Number.isNaN(r.p_adj)).map((r) => r.p_adj));
    expect(minAdj).toBeGreaterThan(0.05);
    expect(minAdj).toBeCloseTo(0.2254, 3);
    expect(rows.filter((r) => Number.isNaN(r.rho)).every((r) => r.cell_type === "T.cells.CD4.naive")).toBe(true);
    expect(toCsv(rows, ["feature", "cell_type", "rho", "p", "p_adj"]).split("\n")[0]).toBe("feature,cell_type,rho,p,p_adj");
    const m = correlationMatrices(rows);
    expect([m.features.length, m.targets.length]).toEqual([36, 22]);
    expect(m.rho[1][3]).toBe(rows[22 + 3].rho);
    expect(m.pAdj[35][21]).toBe(rows[791].p_adj);
  });

  it("Welch t by node status equals t.test + BH to 1e-8", () => {
    const rows = welchByGroup(radiomics, immune.nodePositive, { minuend: 0 });
    compareRows(rows, readReference("tcga-welch-radiomics-by-node.csv"), ["feature"], ["t", "df", "p", "p_adj"]);
    expect(Math.min(...rows.map((r) => r.p))).toBeCloseTo(0.0259, 4);
    expect(Math.min(...rows.map((r) => r.p_adj))).toBeGreaterThan(0.05);
  });

  it("Spearman radiomics x lncRNA (primary tumours) equals R to 1e-8", () => {
    const lnc = loadTcgaLncRNA();
    expect(lnc.columns.length).toBe(108);
    const three = { rows: radiomics.rows, columns: radiomics.columns.slice(0, 3), values: radiomics.values.map((r) => r.slice(0, 3)) };
    compareRows(spearmanPairs(three, lnc), readReference("tcga-spearman-radiomics-lncrna.csv"), ["feature", "cell_type"], ["rho", "p", "p_adj"]);
  });

  it("methylation has 28 of the 91 patients, missing values as NaN", () => {
    const met = loadTcgaMethylation();
    expect(met.columns.length).toBe(1464);
    const shared = radiomics.rows.filter((id) => met.rows.includes(id));
    expect(shared.length).toBe(28);
    expect(met.values.some((r) => r.some(Number.isNaN))).toBe(true);
  });
});

describe("tcgaMicroenvironment (all notebook-06 tables on the real subset)", () => {
  it("returns the immune and node tables and selections on the shared patients", async () => {
    const res = await tcgaMicroenvironment({ topK: 30, nTrees: 50, seed: 1 });
    expect(res.radiomicsImmune.length).toBe(36 * 22);
    expect(res.welchByNode.length).toBe(36);
    expect(res.lncRNA.patients.length).toBe(90);
    expect(res.lncRNA.selection.selected.length).toBe(5);
    expect(res.lncRNA.correlations.length).toBe(36 * 5);
    expect(res.methylation.patients.length).toBeLessThanOrEqual(28);
    expect(res.methylation.correlations.length).toBe(36 * res.methylation.selection.selected.length);
  });
});
