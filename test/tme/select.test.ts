import { describe, expect, it } from "vitest";
import { readDelimited } from "../../src/manifest/csv";
import { selectFeatures } from "../../src/tme/select";
import { welchByGroup } from "../../src/tme/group-tests";
import { loadTcgaImmune, loadTcgaLncRNA, loadTcgaMethylation } from "../../src/tme/tcga";

describe("selectFeatures on the TCGA lncRNAs by node status", () => {
  const { nodePositive } = loadTcgaImmune();
  const lncAll = loadTcgaLncRNA();
  // the 90 radiomics patients with node status, as the notebook uses them
  const keep = lncAll.rows.map((id, i) => [id, i] as [string, number]).filter(([id]) => nodePositive.has(id));
  const lnc = { rows: keep.map(([id]) => id), columns: lncAll.columns, values: keep.map(([, i]) => lncAll.values[i]) };

  it("t-tests equal R's t.test for every lncRNA (fixtures/make-tcga-reference.R) to 1e-8", () => {
    const [header, ...body] = readDelimited("test/tme/fixtures/tcga-welch-lncrna-by-node.csv", ",", "welch lncRNA");
    const rows = welchByGroup(lnc, nodePositive);
    expect(rows.length).toBe(body.length);
    rows.forEach((r, i) => {
      expect(r.feature).toBe(body[i][0]);
      for (const k of ["t", "df", "p", "p_adj"] as const) {
        const ref = Number(body[i][header.indexOf(k)]);
        expect(Math.abs(r[k] - ref) / Math.abs(ref), `${r.feature} ${k}`).toBeLessThan(1e-8);
      }
    });
  });

  it("keeps the t-test survivors and ranks them by forest importance, reproducibly", async () => {
    const a = await selectFeatures(lnc, nodePositive, { topK: 3, nTrees: 100, seed: 7 });
    const b = await selectFeatures(lnc, nodePositive, { topK: 3, nTrees: 100, seed: 7 });
    expect(a.patients.length).toBe(90);
    expect(a.passed.sort()).toEqual(["C9orf106", "CASC2", "SLFN12L", "SNHG12", "TP53TG1"]);
    expect(a.importance.length).toBe(5);
    expect(a.selected.length).toBe(3);
    expect(a.selected.every((f) => a.passed.includes(f))).toBe(true);
    expect(b).toEqual(a);
    for (let i = 1; i < a.importance.length; i++) expect(a.importance[i].importance).toBeLessThanOrEqual(a.importance[i - 1].importance);
  });

  it("handles missing methylation values (median-filled for the forest) on the 28 shared patients", async () => {
    const met = loadTcgaMethylation();
    const sel = await selectFeatures(met, nodePositive, { topK: 30, nTrees: 50, seed: 1 });
    expect(sel.patients.length).toBeLessThanOrEqual(28);
    expect(sel.selected.length).toBe(Math.min(30, sel.passed.length));
    expect(sel.tTests.length).toBe(met.columns.length);
  });

  it("rejects labels with one class only", async () => {
    const one = new Map(lnc.rows.map((id) => [id, 1 as 0 | 1]));
    await expect(selectFeatures(lnc, one)).rejects.toThrow(/both classes/);
  });
});
