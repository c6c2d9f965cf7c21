import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { readDelimited } from "../../src/manifest/csv";
import { toCsv } from "../../src/util/csv";
import { spearmanPairs } from "../../src/tme/correlate";
import { welchByGroup } from "../../src/tme/group-tests";
import { loadTcgaImmune, loadTcgaRadiomics } from "../../src/tme/tcga";
import { tcgaCsvTables } from "../../src/analyses/06-microenvironment/tcga-tables";

// The R values are test/tme's fixtures (test/tme/fixtures/make-tcga-reference.R), which test/tme/tcga.test.ts
// compares row by row; here a few rows check that the notebook's CSV files carry them unchanged.
function reference(name: string): string[][] {
  return readDelimited(`test/tme/fixtures/${name}`, ",", name);
}

function parse(text: string): string[][] {
  return Papa.parse<string[]>(text.trimEnd(), { delimiter: "," }).data;
}

function expectSameNumber(ours: string, r: string, what: string): void {
  if (r === "NA") {
    expect(ours, what).toBe("NA");
    return;
  }
  expect(Math.abs(Number(ours) - Number(r)) / Math.max(Math.abs(Number(r)), 1e-300), `${what}: ${ours} vs R ${r}`).toBeLessThanOrEqual(1e-8);
}

describe("notebook 06 TCGA CSV files", () => {
  const radiomics = loadTcgaRadiomics();
  const immune = loadTcgaImmune();
  const tables = tcgaCsvTables({ radiomicsImmune: spearmanPairs(radiomics, immune.fractions), welchByNode: welchByGroup(radiomics, immune.nodePositive, { minuend: 0 }) });
  const csv = (name: string) => {
    const t = tables.find((x) => x.name === name)!;
    return parse(toCsv(t.rows, t.columns));
  };

  it("tcga-spearman-radiomics-immune.csv: exact columns, 792 rows, NA for the all-zero naive CD4 fraction, R's values", () => {
    const ours = csv("tcga-spearman-radiomics-immune");
    const r = reference("tcga-spearman-radiomics-immune.csv");
    expect(ours[0]).toEqual(["feature", "cell_type", "rho", "p", "p_adj"]);
    expect(ours.length).toBe(1 + 36 * 22);
    expect(ours.length).toBe(r.length);
    const naive = ours.findIndex((row) => row[1] === "T.cells.CD4.naive");
    expect(ours[naive].slice(2)).toEqual(["NA", "NA", "NA"]);
    const smallest = ours.slice(1).reduce((best, row, k) => (row[4] !== "NA" && Number(row[4]) < Number(ours[best][4]) ? k + 1 : best), 1);
    for (const i of [1, 2, naive, smallest, 400, 792]) {
      expect(ours[i].slice(0, 2), `row ${i}`).toEqual(r[i].slice(0, 2));
      for (let j = 2; j < 5; j++) expectSameNumber(ours[i][j], r[i][j], `row ${i} ${ours[0][j]}`);
    }
    expect(ours[smallest][0]).toBe(r[smallest][0]);
  });

  it("tcga-welch-radiomics-by-node.csv: exact columns, 36 rows, R's values", () => {
    const ours = csv("tcga-welch-radiomics-by-node");
    const r = reference("tcga-welch-radiomics-by-node.csv");
    expect(ours[0]).toEqual(["feature", "t", "df", "p", "p_adj"]);
    expect(ours.length).toBe(37);
    expect(ours.map((row) => row[0])).toEqual(r.map((row) => row[0]));
    for (const i of [1, 18, 36]) for (let j = 1; j < 5; j++) expectSameNumber(ours[i][j], r[i][j], `row ${i} ${ours[0][j]}`);
  });

  it("leaves out the molecular maps when nothing was selected", () => {
    expect(tables.map((t) => t.name)).toEqual(["tcga-spearman-radiomics-immune", "tcga-welch-radiomics-by-node"]);
  });
});
