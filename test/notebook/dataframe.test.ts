import { describe, expect, it } from "vitest";
import { toDataFrame } from "../../src/notebook/dataframe";

describe("toDataFrame", () => {
  it("keeps rows, columns and float64 values", () => {
    const df = toDataFrame([{ cohort: "training", p: 0.1 }, { cohort: "external", p: 0.2 }]);
    expect(df.shape).toEqual([2, 2]);
    expect(df.columns).toEqual(["cohort", "p"]);
    expect(df.values).toEqual([["training", 0.1], ["external", 0.2]]);
  });
});

describe("toCsv", () => {
  it("quotes as RFC 4180 and writes missing values as NA", async () => {
    const { toCsv } = await import("../../src/notebook/session");
    expect(toCsv([{ a: "x,y", b: null, c: 0.1 }, { a: 'say "hi"', b: NaN, c: 2 }])).toBe('a,b,c\n"x,y",NA,0.1\n"say ""hi""",NA,2\n');
  });
});
