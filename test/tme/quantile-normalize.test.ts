import { describe, expect, it } from "vitest";
import { quantileNormalize } from "../../src/tme/quantile-normalize";
import { readNamedMatrix } from "../../src/tme/matrix";

describe("quantileNormalize (preprocessCore normalize.quantiles, ties = TRUE)", () => {
  it("gives every column the mean sorted distribution", () => {
    // sorted columns [1, 2, 3] and [10, 20, 30]: reference [5.5, 11, 16.5]
    expect(quantileNormalize([[3, 10], [1, 30], [2, 20]])).toEqual([[16.5, 5.5], [5.5, 16.5], [11, 11]]);
  });
  it("averages neighbouring reference values for a pair of ties", () => {
    // reference [1.5, 3.5, 4.5]; column 2 ranks (2.5, 1, 2.5) -> (3.5 + 4.5) / 2
    expect(quantileNormalize([[5, 4], [2, 1], [3, 4]])).toEqual([[4.5, 4], [1.5, 1.5], [3.5, 4]]);
  });
  it("equals preprocessCore::normalize.quantiles on a matrix with many ties (fixtures/make-cibersort-reference.R)", () => {
    const input = readNamedMatrix("test/tme/fixtures/qn-input.tsv");
    const expected = readNamedMatrix("test/tme/fixtures/qn-output.tsv");
    const out = quantileNormalize(input.values);
    out.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected.values[i][j], 12)));
  });
  it("rejects ragged or non-finite input", () => {
    expect(() => quantileNormalize([[1, 2], [3]])).toThrow(/row 1 has 1 values/);
    expect(() => quantileNormalize([[1, NaN]])).toThrow(/row 0, column 1 is NaN/);
  });
});
