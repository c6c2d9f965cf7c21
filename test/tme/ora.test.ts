import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readDelimited } from "../../src/manifest/csv";
import { formatGmt, parseGmt, readGmt } from "../../src/tme/gmt";
import { hypergeometricDensity, hypergeometricUpperTail } from "../../src/tme/hypergeometric";
import { overRepresentation } from "../../src/tme/ora";

const fixture = (name: string) => `test/tme/fixtures/${name}`;
const lines = (name: string) => readFileSync(fixture(name), "utf8").split("\n").filter((l) => l !== "");

function relErr(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.abs(b);
}

describe("overRepresentation against R's phyper (fixtures/make-ora-reference.R)", () => {
  const sets = readGmt("data/genesets/h.all.v2024.1.Hs.symbols.gmt");
  const query = lines("ora-query.txt");

  for (const [label, file, universe] of [
    ["default background", "ora-reference-no-universe.csv", undefined],
    ["user universe", "ora-reference-universe.csv", lines("ora-universe.txt")],
  ] as [string, string, string[] | undefined][]) {
    it(`${label}: same sets, counts, and p / p.adjust to 1e-10 relative`, () => {
      const [header, ...body] = readDelimited(fixture(file), ",", file);
      const col = (name: string) => header.indexOf(name);
      const ref = new Map(body.map((r) => [r[col("ID")], r]));
      const rows = overRepresentation(query, sets, { universe });
      expect(rows.length).toBe(ref.size);
      for (const row of rows) {
        const r = ref.get(row.ID)!;
        expect(r, row.ID).toBeDefined();
        expect(row.GeneRatio).toBe(`${r[col("k")]}/${r[col("n")]}`);
        expect(row.BgRatio).toBe(`${r[col("M")]}/${r[col("N")]}`);
        expect(relErr(row.pvalue, Number(r[col("pvalue")])), row.ID).toBeLessThanOrEqual(1e-10);
        expect(relErr(row["p.adjust"], Number(r[col("p.adjust")])), row.ID).toBeLessThanOrEqual(1e-10);
      }
      for (let i = 1; i < rows.length; i++) expect(rows[i].pvalue).toBeGreaterThanOrEqual(rows[i - 1].pvalue);
      expect(rows[0].ID).toBe("HALLMARK_INTERFERON_GAMMA_RESPONSE");
      expect(rows[0].pvalue).toBeLessThan(1e-25);
      expect(rows[0].geneID.split("/").slice(0, 3)).toEqual(query.slice(0, 3));
    });
  }

  it('background "universe": N is the whole universe and n every query gene in it, annotated or not', () => {
    const universe = lines("ora-universe.txt");
    const annotated = overRepresentation(query, sets, { universe });
    const whole = overRepresentation(query, sets, { universe, background: "universe" });
    const inUniverse = new Set(universe);
    const n = new Set(query.filter((g) => inUniverse.has(g))).size;
    expect(whole[0].BgRatio.split("/")[1]).toBe(String(inUniverse.size));
    expect(whole[0].GeneRatio.split("/")[1]).toBe(String(n));
    // The made-up names of the universe are in no set: the annotated background is smaller.
    expect(Number(annotated[0].BgRatio.split("/")[1])).toBeLessThan(inUniverse.size);
    const r = whole[0];
    const [k] = r.GeneRatio.split("/").map(Number);
    const [M, N] = r.BgRatio.split("/").map(Number);
    expect(relErr(r.pvalue, hypergeometricUpperTail(k, M, N - M, n))).toBeLessThanOrEqual(1e-12);
    expect(() => overRepresentation(query, sets, { background: "universe" })).toThrow(/needs a universe/);
  });

  it("honours minGSSize / maxGSSize", () => {
    const all = overRepresentation(query, sets, { minGSSize: 0, maxGSSize: 1e9 });
    const none = overRepresentation(query, sets, { minGSSize: 300, maxGSSize: 400 });
    expect(all.length).toBeGreaterThan(none.length);
    expect(none).toEqual([]);
  });
});

describe("hypergeometric tails", () => {
  it("sum to one with the density and agree with R at tiny p", () => {
    let total = 0;
    for (let x = 0; x <= 20; x++) total += hypergeometricDensity(x, 30, 70, 20);
    expect(total).toBeCloseTo(1, 14);
    expect(hypergeometricUpperTail(0, 30, 70, 20)).toBe(1);
    expect(hypergeometricUpperTail(21, 30, 70, 20)).toBe(0);
    // R 4.2.2: phyper(149, 500, 19500, 600, lower.tail = FALSE)
    expect(relErr(hypergeometricUpperTail(150, 500, 19500, 600), 4.9796756701876073e-110)).toBeLessThan(1e-12);
    expect(() => hypergeometricUpperTail(1, 5, 5, 11)).toThrow(/invalid urn/);
  });
});

describe("GMT", () => {
  it("round-trips the Hallmark file byte for byte", () => {
    const text = readFileSync("data/genesets/h.all.v2024.1.Hs.symbols.gmt", "utf8");
    const sets = parseGmt(text, "hallmark");
    expect(sets.length).toBe(50);
    expect(formatGmt(sets)).toBe(text);
  });
  it("rejects duplicated set names and lines without a description", () => {
    expect(() => parseGmt("A\tx\tG1\nA\ty\tG2\n", "dup.gmt")).toThrow(/dup.gmt: line 2: gene set 'A'/);
    expect(() => parseGmt("A\n", "short.gmt")).toThrow(/short.gmt: line 1/);
  });
});
