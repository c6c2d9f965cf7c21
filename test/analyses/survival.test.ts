import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { survivalByGroup, survivalCurvesForPlot } from "../../src/analyses/07-survival/survival";
import { repoPath } from "../../src/util/paths";

const csv = (file: string) => Papa.parse<Record<string, string>>(readFileSync(repoPath(file), "utf8"), { header: true, skipEmptyLines: true }).data;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** R's validation-year analysis: recurrence-free time by the training GLM cut-off group (data/r/reference.R). */
describe("survivalByGroup on rotterdam, fed R's GLM scores", () => {
  const rotterdam = csv("data/r/rotterdam.csv").filter((r) => Number(r.year) >= 1990);
  const scores = csv("data/r/out/scores.csv").filter((r) => r.cohort === "external").map((r) => Number(r.glm));
  const cut = JSON.parse(readFileSync(repoPath("data/r/out/cutpoint_glm_train.json"), "utf8")).glm_cutoff;
  const R = JSON.parse(readFileSync(repoPath("data/r/out/survival_rotterdam_validation_glm_groups.json"), "utf8"));
  const group = scores.map((s) => (s >= cut ? "high" : "low"));
  const a = survivalByGroup(rotterdam.map((r) => Number(r.rtime)), rotterdam.map((r) => Number(r.recur)), group, {
    levels: ["low", "high"],
    times: [365, 730, 1095, 1826],
  });

  it("uses the same patients and groups as R", () => {
    expect(rotterdam.length).toBe(1064);
    expect(a.n[1]).toBe(R.n_high);
  });

  it("matches survfit's estimates, CIs and numbers at risk at 1-5 years to 1e-8", () => {
    const ours = a.atTimes.flatMap((g) => g.rows);
    ours.forEach((row, k) => {
      expect(rel(row.surv, R.km_surv[k])).toBeLessThan(1e-8);
      expect(rel(row.lower, R.km_lower[k])).toBeLessThan(1e-8);
      expect(rel(row.upper, R.km_upper[k])).toBeLessThan(1e-8);
      expect(row.nRisk).toBe(R.km_nrisk[k]);
    });
    expect(Number.isNaN(a.median[0])).toBe(R.median[0] === "NA");
    expect(a.median[1]).toBe(R.median[1]);
  });

  it("matches survdiff and coxph (Efron and Breslow) to 1e-8", () => {
    expect(rel(a.logRank.chiSquared, R.logrank.chisq)).toBeLessThan(1e-8);
    expect(rel(a.logRank.pValue, R.logrank.p)).toBeLessThan(1e-8);
    for (const [ours, theirs] of [[a.cox.efron, R.cox_efron], [a.cox.breslow, R.cox_breslow]] as const) {
      expect(rel(ours.coef[0], theirs.coef)).toBeLessThan(1e-8);
      expect(rel(ours.hazardRatio[0], theirs.hr)).toBeLessThan(1e-8);
      expect(rel(ours.lower[0], theirs.lo)).toBeLessThan(1e-8);
      expect(rel(ours.upper[0], theirs.hi)).toBeLessThan(1e-8);
      expect(rel(ours.waldP[0], theirs.wald_p)).toBeLessThan(1e-8);
      expect(rel(ours.lrP, theirs.lr_p)).toBeLessThan(1e-8);
      expect(rel(ours.scoreP, theirs.score_p)).toBeLessThan(1e-8);
    }
  });

  it("gives plot curves in years with numbers at risk matching the table", () => {
    const curves = survivalCurvesForPlot(a, [1, 2, 3, 5], 365.25, { low: "Low score", high: "High score" });
    expect(curves.map((c) => c.label)).toEqual(["Low score", "High score"]);
    expect(curves[0].atRisk[0]).toBeLessThanOrEqual(a.n[0]);
    expect(curves[1].time.every((t, i) => i === 0 || t >= curves[1].time[i - 1])).toBe(true);
  });
});

describe("rotterdamAgainstR", () => {
  it("reports every compared quantity within 1e-8 of R", async () => {
    const { rotterdamAgainstR } = await import("../../src/analyses/07-survival/real-survival");
    const rows = rotterdamAgainstR(repoPath("data/r/rotterdam.csv"), repoPath("data/r/out/scores.csv"), repoPath("data/r/out/cutpoint_glm_train.json"), repoPath("data/r/out/survival_rotterdam_validation_glm_groups.json"));
    expect(rows.length).toBe(29);
    for (const r of rows) expect(r.relDiff, r.quantity).toBeLessThan(1e-8);
  });

  it("reads gbsg by hormonal therapy and names a patient with a bad value", async () => {
    const { gbsgByHormonalTherapy } = await import("../../src/analyses/07-survival/real-survival");
    const g = gbsgByHormonalTherapy(repoPath("data/r/gbsg.csv"));
    expect(g.time.length).toBe(686);
    expect(g.group.filter((x) => x === "yes").length).toBe(246);
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const bad = `${mkdtempSync(`${tmpdir()}/gbsg-`)}/gbsg.csv`;
    writeFileSync(bad, "pid,rfstime,status,hormon\n7,100,1,0\n8,,0,1\n");
    expect(() => gbsgByHormonalTherapy(bad)).toThrow(/gbsg\.csv: patient gbsg-8 has no numeric 'rfstime'/);
  });
});

describe("survivalRecordsFromTable", () => {
  it("drops patients with a missing time and names a bad event code", async () => {
    const { survivalRecordsFromTable } = await import("../../src/analyses/07-survival/real-survival");
    const table = { ids: ["A", "B", "C"], path: "clinical.csv", columns: { t: [10, null, 5], e: [1, 0, 0] } };
    expect([...survivalRecordsFromTable(table, "t", "e").keys()]).toEqual(["A", "C"]);
    table.columns.e[2] = 2;
    expect(() => survivalRecordsFromTable(table, "t", "e")).toThrow(/clinical\.csv: patient C has e = 2/);
  });
});
