import { describe, expect, it } from "vitest";
import { metricsChecklist, runContext, statusCounts, tripodAi } from "../../src/analyses/08-reporting/checklists";
import { openStudy } from "../../src/study/open";

describe("reporting checklists answered from a run", () => {
  const study = openStudy("studies/rotterdam.yaml");

  it("METRICS has its 30 items in order; TRIPOD+AI covers items 1 to 27; ids are unique", () => {
    const none = runContext(study, () => false);
    const metrics = metricsChecklist(none);
    expect(metrics.map((i) => i.id)).toEqual(Array.from({ length: 30 }, (_, k) => String(k + 1)));
    const tripod = tripodAi(none);
    expect(new Set(tripod.map((i) => i.id)).size).toBe(tripod.length);
    const mainItems = new Set(tripod.map((i) => Number.parseInt(i.id, 10)));
    expect([...mainItems].sort((a, b) => a - b)).toEqual(Array.from({ length: 27 }, (_, k) => k + 1));
  });

  it("an item backed by a result is 'reported' with the file named only when that result exists", () => {
    const written = new Set(["03-radiomic-signature/performance-estimates"]);
    const ctx = runContext(study, (nb, name) => written.has(`${nb}/${name}`));
    const item12c = tripodAi(ctx).find((i) => i.id === "12c")!;
    expect(item12c.status).toBe("reported");
    expect(item12c.where).toContain("results/03-radiomic-signature/performance-estimates");
    const item22 = tripodAi(ctx).find((i) => i.id === "22")!;
    expect(item22.status).toBe("not done");
    expect(item22.note).toMatch(/notebook 04 did not run/);
    const counts = statusCounts(tripodAi(ctx));
    expect(Object.values(counts).reduce((s, n) => s + n, 0)).toBe(tripodAi(ctx).length);
    expect(statusCounts(tripodAi(runContext(study, () => true))).reported).toBeGreaterThan(counts.reported);
  });
});
