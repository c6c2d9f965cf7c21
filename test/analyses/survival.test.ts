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

describe("survival through study files", () => {
  it("Rotterdam: every quantity compared with R's own grouping within 1e-8", async () => {
    const { studyAgainstR } = await import("../../src/analyses/07-survival/real-survival");
    const { openStudy } = await import("../../src/study/open");
    const rows = studyAgainstR(openStudy("studies/rotterdam.yaml"));
    expect(rows.length).toBe(29);
    for (const r of rows) expect(r.relDiff, r.quantity).toBeLessThan(1e-8);
  });

  it("gbsg: records by patient id, and a bad event code names the patient", async () => {
    const { survivalRecords } = await import("../../src/analyses/07-survival/real-survival");
    const { openStudy } = await import("../../src/study/open");
    const gbsg = openStudy("studies/gbsg.yaml");
    const records = survivalRecords(gbsg);
    expect(records.size).toBe(686);
    expect((gbsg.patients.array("hormon") as string[]).filter((h) => h === "1").length).toBe(246);
    const status = [...(gbsg.patients.array("status") as string[])];
    status[2] = "2";
    const broken = { ...gbsg, patients: gbsg.patients.assign({ status }) };
    expect(() => survivalRecords(broken)).toThrow(new RegExp(`patient ${gbsg.patients.get("patient_id", 2)} has status = 2`));
  });
});
