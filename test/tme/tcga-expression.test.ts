import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readDelimited } from "../../src/manifest/csv";
import { readGmt } from "../../src/tme/gmt";
import { loadTcgaExpression, loadTcgaImmune, loadTcgaRadiomics } from "../../src/tme/tcga";
import { toCsv } from "../../src/util/csv";
import { repoPath } from "../../src/util/paths";
import { DEFAULT_COLLECTIONS } from "../../src/study/config";
import { PUBLISHED_ENRICHMENT } from "../../src/paper/published";
import { oraContractRows, paperTermStatus, TCGA_CSV_COLUMNS, tcgaDeg, tcgaNodeScore, tcgaOra } from "../../src/analyses/06-microenvironment/tcga-expression";

const FIX = "test/tme/fixtures";

function table(name: string): Record<string, string>[] {
  const [header, ...body] = readDelimited(`${FIX}/${name}`, ",", name);
  return body.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j]])));
}

function expectRelClose(actual: number, expected: number, what: string): void {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  expect(err, `${what}: ${actual} vs R ${expected}`).toBeLessThanOrEqual(1e-8);
}

describe("notebook 06 on real TCGA-BRCA expression, against R on the written group file", () => {
  const groups = table("tcga-score-groups.csv").map((r) => ({ patient: r.patient, group: r.group as "high" | "low" }));
  const deg = tcgaDeg(loadTcgaExpression(), groups);

  it("DEGs: Welch t.test(high, low) on log2(x + 1), log2 fold change and BH equal R's for every gene", () => {
    const ref = table("tcga-deg-r.csv");
    expect(deg.map((g) => g.gene)).toEqual(ref.map((r) => r.gene));
    deg.forEach((g, i) => {
      for (const k of ["log2fc", "t", "df", "p", "p_adj"] as const) expectRelClose(g[k], Number(ref[i][k]), `${g.gene} ${k}`);
    });
  });

  it("over-representation in all five collections: tested sets, sizes, overlaps, phyper p and BH equal R's", () => {
    const collections = Object.fromEntries(Object.entries(DEFAULT_COLLECTIONS).map(([name, file]) => [name, readGmt(repoPath("data", file))]));
    const ora = tcgaOra(deg, collections);
    expect(ora.rule).toBe("top100"); // no gene passes BH on these groups, so the 100 smallest p are the query
    expect(ora.degs).toHaveLength(100);
    expect(ora.universe).toBe(909);
    for (const name of Object.keys(DEFAULT_COLLECTIONS)) {
      const ref = new Map(table(`tcga-ora-${name}-r.csv`).map((r) => [r.id, r]));
      const ours = oraContractRows(ora.enrichment[name]);
      expect(ours.length, name).toBe(ref.size);
      expect(ours.length, name).toBeGreaterThan(10);
      for (const row of ours) {
        const r = ref.get(row.id)!;
        expect(r, `${name} ${row.id}`).toBeDefined();
        expect(row.set_size).toBe(Number(r.set_size));
        expect(row.overlap).toBe(Number(r.overlap));
        expect(row.genes.split("/")).toHaveLength(row.overlap);
        expectRelClose(row.p, Number(r.p), `${name} ${row.id} p`);
        expectRelClose(row.p_adj, Number(r.p_adj), `${name} ${row.id} p_adj`);
      }
    }
    const terms = paperTermStatus(PUBLISHED_ENRICHMENT, ora, collections);
    expect(terms.map((t) => t.id)).toEqual(["GO:0022857", "GO:0050661", "GO:1904949", "GO:0006119", "WP623", "R-HSA-611105", "R-HSA-1428517"]);
    for (const t of terms) {
      expect(t.term, t.id).not.toBe("");
      const r = table(`tcga-ora-${t.collection}-r.csv`).find((x) => x.id === t.id);
      if (r) expectRelClose(t.p!, Number(r.p), `${t.id} p`);
      else expect(t.status, t.id).toMatch(/^not tested/);
    }
  });

  it("the out-of-fold node-status score reproduces the group file byte for byte (same seed)", async () => {
    const score = await tcgaNodeScore(loadTcgaRadiomics(), loadTcgaImmune().nodePositive, { seed: 1, nTrees: 500, topK: 10 });
    expect(toCsv(score.rows, [...TCGA_CSV_COLUMNS.scoreGroups])).toBe(readFileSync(`${FIX}/tcga-score-groups.csv`, "utf8"));
    expect(score.rows).toHaveLength(90);
    expect(score.auc.auc).toBeGreaterThan(0.5);
    expect(score.repeatAucs).toHaveLength(10);
    expect(new Set(score.repeatAucs).size).toBeGreaterThan(1);
  }, 60_000);
});
