import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { formatGmt, readGmt } from "../../src/tme/gmt";

const build = JSON.parse(readFileSync("data/go/BUILD.json", "utf8"));

describe("shipped GO gene sets (data/go, scripts/build-go-gmt.ts)", () => {
  for (const ont of ["BP", "MF", "CC"]) {
    it(`GO_${ont}.gmt.gz matches BUILD.json and re-formats to the same bytes`, () => {
      const file = `data/go/GO_${ont}.gmt.gz`;
      const meta = build.outputs[`GO_${ont}.gmt.gz`];
      const text = gunzipSync(readFileSync(file)).toString("utf8");
      expect(createHash("sha256").update(text).digest("hex")).toBe(meta.gmtSha256);
      const sets = readGmt(file);
      expect(sets.length).toBe(meta.terms);
      expect(formatGmt(sets)).toBe(text);
      expect(sets.every((s) => s.id.startsWith("GO:") && s.description !== "" && s.genes.length > 0)).toBe(true);
    });
  }
  it("holds the propagated annotation (immune response GO:0006955: 1,955 symbols, as org.Hs.eg.db GOALL)", () => {
    const immune = readGmt("data/go/GO_BP.gmt.gz").find((s) => s.id === "GO:0006955")!;
    expect(immune.description).toBe("immune response");
    expect(immune.genes.length).toBe(1955);
    expect(build.inputs["r-bioc-org.hs.eg.db"].GOSOURCEDATE).toBe("2022-07-01");
  });
});
