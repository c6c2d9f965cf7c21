import { afterEach, describe, expect, it, vi } from "vitest";
import { formatCell, table } from "../../src/notebook/display";

describe("table()", () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows a column that only a later row has, with NA where a row lacks it", () => {
    // Outside a kernel, display() prints the plain-text form: capture it.
    const printed: string[] = [];
    vi.spyOn(console, "log").mockImplementation((s: unknown) => void printed.push(String(s)));
    table([{ reader: "signature", AUC: 0.81 }, { reader: "radiologists", AUC: 0.66, "DeLong p": 0.012 }]);
    const [header, first, second] = printed[0].split("\n");
    expect(header.split(/\s{2,}/)).toEqual(["reader", "AUC", "DeLong p"]);
    expect(first.trim().split(/\s{2,}/)).toEqual(["signature", "0.81", "NA"]);
    expect(second.trim().split(/\s{2,}/)).toEqual(["radiologists", "0.66", "0.012"]);
  });

  it("formats numbers to significant digits and missing values as NA", () => {
    expect(formatCell(0.123456789)).toBe("0.1235");
    expect(formatCell(NaN)).toBe("NA");
    expect(formatCell(undefined)).toBe("NA");
    expect(formatCell(12)).toBe("12");
  });
});
