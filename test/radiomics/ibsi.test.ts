import { describe, expect, it, vi } from "vitest";

// vitest's module runner gives importEsm's Function-wrapped import() no loader; use a plain import() there.
vi.mock("../../src/util/esm", () => ({ importEsm: (specifier: string) => import(specifier) }));
import { ibsiComplianceTable } from "../../src/radiomics/pyradiomics-ibsi";

describe("IBSI chapter 1 digital phantom", () => {
  it("every feature PyRadiomics defines matches the consensus value; each definition difference is explained", async () => {
    const rows = await ibsiComplianceTable();
    expect(rows.length).toBeGreaterThanOrEqual(100);
    const failing = rows.filter((r) => !r.pass).map((r) => `${r.tag}: ${r.oursIbsi} vs ${r.reference}`);
    expect(failing).toEqual([]);
    // A converted value always carries its reason.
    for (const r of rows) if (r.oursIbsi !== r.ours) expect(r.reason, r.tag).not.toBe("");
    const byTag = Object.fromEntries(rows.map((r) => [r.tag, r]));
    expect(byTag["stat.kurt"].ours - byTag["stat.kurt"].oursIbsi).toBeCloseTo(3, 12);
    expect(byTag["cm.joint.max"].aggregation).toBe("3D, averaged");
    expect(byTag["szm.sze"].aggregation).toBe("3D");
    expect(byTag["morph.vol"].ours).toBeCloseTo(556.3, 0);
  });
});
