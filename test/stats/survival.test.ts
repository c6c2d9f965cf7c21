import { describe, expect, it } from "vitest";
import { coxPh, kaplanMeier, kaplanMeierAt, kaplanMeierByGroup, logRankTest } from "../../src/stats/index";
import { expectClose, rExtra, readCsv, readJson } from "./helpers";

const TASKS = ["task_pos_rotterdam_temporal", "task_ge4_rotterdam_to_gbsg"];
const extra = rExtra();

function subset(task: string, score: string, set: string) {
  const d = readCsv("r", "extended", task, "scores_per_patient.csv").filter((r) => r.set === set);
  return { time: d.map((r) => r.time), status: d.map((r) => r.event), group: d.map((r) => r[`${score}_group`] as string) };
}

describe("Kaplan-Meier against survival::survfit (data/r/extended/<task>)", () => {
  for (const task of TASKS) {
    it(`${task}: every step of every curve, medians with CI, and summary at fixed days`, () => {
      const curves = readCsv("r", "extended", task, "km_full_curves.csv");
      const medians = readCsv("r", "extended", task, "km_median.csv");
      const atTimes = readCsv("r", "extended", task, "km_survival_at_times.csv");
      for (const score of ["svm", "glm"]) {
        for (const set of ["train", "test"]) {
          const s = subset(task, score, set);
          for (const { group, km } of kaplanMeierByGroup(s.time, s.status, s.group, { levels: ["low", "high"] })) {
            const tag = `${score} ${set} ${group}`;
            const ref = curves.filter((r) => r.score === score && r.set === set && r.group === group);
            expect(km.table.length, tag).toBe(ref.length);
            km.table.forEach((row, i) => {
              const r = ref[i];
              expect([row.time, row.nRisk, row.nEvent, row.nCensor], tag).toEqual([r.time, r.n_risk, r.n_event, r.n_censor]);
              expectClose(row.surv, r.surv, 1e-10, `${tag} surv t=${r.time}`);
              expectClose(row.stdErr, r.se_logS_greenwood, 1e-10, `${tag} se t=${r.time}`);
              expectClose(row.lower, r.lower95, 1e-10, `${tag} lower t=${r.time}`);
              expectClose(row.upper, r.upper95, 1e-10, `${tag} upper t=${r.time}`);
            });
            const m = medians.find((r) => r.score === score && r.set === set && r.group === group)!;
            expect([km.n, km.events]).toEqual([m.n, m.events]);
            for (const [mine, theirs] of [[km.median, m.median], [km.medianLower, m.median_lcl95], [km.medianUpper, m.median_ucl95]]) {
              if (theirs === null) expect(mine, `${tag} median NA`).toBeNaN();
              else expect(mine, `${tag} median`).toBe(theirs);
            }
            const refAt = atTimes.filter((r) => r.score === score && r.set === set && r.group === group);
            kaplanMeierAt(km, refAt.map((r) => r.time)).forEach((row, i) => {
              const r = refAt[i];
              expect([row.nRisk, row.nEvent], `${tag} at ${r.time}`).toEqual([r.n_risk, r.n_event_since_prev_time]);
              expectClose(row.surv, r.surv, 1e-10, `${tag} S(${r.time})`);
              expectClose(row.stdErr, r.se_surv, 1e-10, `${tag} se(${r.time})`);
              expectClose(row.lower, r.lower95_logCI, 1e-10, `${tag} lower(${r.time})`);
              expectClose(row.upper, r.upper95_logCI, 1e-10, `${tag} upper(${r.time})`);
            });
          }
        }
      }
    });
  }
});

describe("log-rank and Cox against survdiff / coxph (data/r/extended/<task>)", () => {
  for (const task of TASKS) {
    it(`${task}: log-rank O, E, variance, chi-squared; Cox Efron and Breslow`, () => {
      for (const r of readCsv("r", "extended", task, "logrank.csv")) {
        const s = subset(task, r.score, r.set);
        const lr = logRankTest(s.time, s.status, s.group, { levels: ["low", "high"] });
        const tag = `${r.score} ${r.set}`;
        expect(lr.n).toEqual([r.n_low, r.n_high]);
        expect(lr.observed).toEqual([r.obs_low, r.obs_high]);
        expectClose(lr.expected[0], r.exp_low, 1e-10, `${tag} E low`);
        expectClose(lr.expected[1], r.exp_high, 1e-10, `${tag} E high`);
        expectClose(lr.variance[0][0], r.var_11, 1e-10, `${tag} V`);
        expectClose(lr.chiSquared, r.chisq, 1e-8, `${tag} chisq`);
        expect(lr.df).toBe(r.df);
        expectClose(lr.pValue, r.p, 1e-8, `${tag} p`);
      }
      for (const r of readCsv("r", "extended", task, "cox.csv")) {
        const s = subset(task, r.score, r.set);
        const fit = coxPh(s.time, s.status, s.group.map((g) => [g === "high" ? 1 : 0]), { ties: r.ties });
        const tag = `${r.score} ${r.set} ${r.ties}`;
        expect(fit.iterations, tag).toBe(r.iter);
        expect([fit.n, fit.nEvent]).toEqual([r.n, r.nevent]);
        const pairs: [number, number, string][] = [
          [fit.coef[0], r.coef, "coef"], [fit.se[0], r.se, "se"], [fit.hazardRatio[0], r.HR, "HR"],
          [fit.lower[0], r.HR_lower95, "HR lower"], [fit.upper[0], r.HR_upper95, "HR upper"],
          [fit.z[0], r.wald_z, "z"], [fit.waldP[0], r.wald_p, "wald p"],
          [fit.lrStatistic, r.lrt_chisq, "LR"], [fit.lrP, r.lrt_p, "LR p"],
          [fit.scoreStatistic, r.score_chisq, "score"], [fit.scoreP, r.score_p, "score p"],
          [fit.logLik[0], r.loglik_null, "loglik null"], [fit.logLik[1], r.loglik_model, "loglik"],
        ];
        for (const [mine, theirs, what] of pairs) expectClose(mine, theirs, 1e-8, `${tag} ${what}`);
      }
    });
  }

  it("data/r/out/survival_rotterdam_validation_glm_groups.json (KM at fixed days, log-rank, Cox)", () => {
    const ref = readJson("r", "out", "survival_rotterdam_validation_glm_groups.json");
    const cut = readJson("r", "out", "cutpoint_glm_train.json").glm_cutoff;
    const validation = readCsv("r", "rotterdam.csv").filter((r) => r.year >= 1990);
    const scores = readCsv("r", "out", "scores.csv").filter((r) => r.cohort === "external");
    expect(scores.length).toBe(validation.length);
    const group = scores.map((r) => (r.glm >= cut ? "high" : "low"));
    expect(group.filter((g) => g === "high").length).toBe(ref.n_high);
    const time = validation.map((r) => r.rtime), status = validation.map((r) => r.recur);
    const kms = kaplanMeierByGroup(time, status, group, { levels: ["low", "high"] });
    const at = kms.flatMap(({ km }) => kaplanMeierAt(km, [365, 730, 1095, 1826]));
    at.forEach((row, i) => {
      expect(row.nRisk).toBe(ref.km_nrisk[i]);
      expectClose(row.surv, ref.km_surv[i], 1e-10, `surv ${i}`);
      expectClose(row.lower, ref.km_lower[i], 1e-10, `lower ${i}`);
      expectClose(row.upper, ref.km_upper[i], 1e-10, `upper ${i}`);
    });
    expect(kms[0].km.median).toBeNaN();
    expect(kms[1].km.median).toBe(ref.median[1]);
    const lr = logRankTest(time, status, group);
    expectClose(lr.chiSquared, ref.logrank.chisq, 1e-8, "log-rank");
    expectClose(lr.pValue, ref.logrank.p, 1e-8, "log-rank p");
    for (const ties of ["efron", "breslow"] as const) {
      const fit = coxPh(time, status, group.map((g) => [g === "high" ? 1 : 0]), { ties });
      const r = ref[`cox_${ties}`];
      expectClose(fit.coef[0], r.coef, 1e-8, `${ties} coef`);
      expectClose(fit.hazardRatio[0], r.hr, 1e-8, `${ties} HR`);
      expectClose(fit.lower[0], r.lo, 1e-8, `${ties} lo`);
      expectClose(fit.upper[0], r.hi, 1e-8, `${ties} hi`);
      expectClose(fit.waldP[0], r.wald_p, 1e-8, `${ties} wald p`);
      expectClose(fit.lrP, r.lr_p, 1e-8, `${ties} lr p`);
      expectClose(fit.scoreP, r.score_p, 1e-8, `${ties} score p`);
    }
  });
});

describe("survival corner cases and several covariates / groups (test/fixtures/stats)", () => {
  it("KM: median at exactly S = 0.5, a curve reaching 0, all censored", () => {
    for (const ref of extra.km_cases) {
      const km = kaplanMeier(ref.time, ref.status);
      const tag = JSON.stringify(ref.time);
      expect(km.table.length, tag).toBe(ref.surv.length);
      km.table.forEach((row, i) => {
        expectClose(row.surv, ref.surv[i], 1e-12, `${tag} surv ${i}`);
        if (ref.std_err_infinite[i]) expect(row.stdErr).toBe(Infinity);
        else expectClose(row.stdErr, ref.std_err[i], 1e-12, `${tag} se ${i}`);
        expectClose(row.lower, ref.lower[i], 1e-12, `${tag} lower ${i}`);
        expectClose(row.upper, ref.upper[i], 1e-12, `${tag} upper ${i}`);
      });
      expectClose(km.median, ref.median, 0, `${tag} median`);
      expectClose(km.medianLower, ref.lcl, 0, `${tag} lcl`);
      expectClose(km.medianUpper, ref.ucl, 0, `${tag} ucl`);
    }
  });

  it("Cox with three covariates (gbsg age + size + pgr), Efron and Breslow", () => {
    const gbsg = readCsv("r", "gbsg.csv");
    const x = gbsg.map((r) => [r.age, r.size, r.pgr]);
    for (const ref of extra.cox_gbsg) {
      const fit = coxPh(gbsg.map((r) => r.rfstime), gbsg.map((r) => r.status), x, { ties: ref.ties });
      expect(fit.iterations).toBe(ref.iter);
      ref.coef.forEach((c: number, j: number) => {
        expectClose(fit.coef[j], c, 1e-8, `${ref.ties} coef ${j}`);
        expectClose(fit.se[j], ref.se[j], 1e-8, `${ref.ties} se ${j}`);
        expectClose(fit.lower[j], ref.lower[j], 1e-8, `${ref.ties} lower ${j}`);
        expectClose(fit.upper[j], ref.upper[j], 1e-8, `${ref.ties} upper ${j}`);
      });
      expectClose(fit.logLik[0], ref.loglik[0], 1e-10, "loglik 0");
      expectClose(fit.logLik[1], ref.loglik[1], 1e-10, "loglik");
      expectClose(fit.scoreStatistic, ref.score, 1e-8, "score");
      expectClose(fit.lrStatistic, ref.lr, 1e-8, "LR");
      // summary.coxph prints the Wald statistic rounded to 2 decimals.
      expect(fit.waldStatistic).toBeCloseTo(ref.wald, 2);
    }
  });

  it("log-rank with three groups (gbsg grade)", () => {
    const gbsg = readCsv("r", "gbsg.csv");
    const ref = extra.logrank_gbsg_grade;
    const lr = logRankTest(gbsg.map((r) => r.rfstime), gbsg.map((r) => r.status), gbsg.map((r) => r.grade as number));
    expect(lr.groups).toEqual(ref.groups);
    expect(lr.observed).toEqual(ref.obs);
    lr.expected.forEach((e, i) => expectClose(e, ref.exp[i], 1e-10, `E ${i}`));
    expect(lr.df).toBe(2);
    expectClose(lr.chiSquared, ref.chisq, 1e-8, "chisq");
    expectClose(lr.pValue, ref.p, 1e-8, "p");
  });

  it("degenerate input: all censored, one group, constant covariate, bad status, monotone likelihood", () => {
    expect(() => coxPh([1, 2, 3], [0, 0, 0], [[1], [0], [1]])).toThrow(/no events/);
    expect(() => logRankTest([1, 2, 3], [0, 0, 0], ["a", "b", "a"])).toThrow(/no events/);
    expect(() => logRankTest([1, 2, 3], [1, 0, 1], ["a", "a", "a"])).toThrow(/at least 2 groups/);
    expect(() => coxPh([1, 2, 3], [1, 0, 1], [[1], [1], [1]])).toThrow(/constant/);
    expect(() => kaplanMeier([1, 2], [1, 2])).toThrow(/not 0 \(censored\) or 1/);
    expect(() => kaplanMeier([1, -2], [1, 0])).toThrow(/>= 0/);
    // Every event in the group coded 1 before any in group 0: the MLE is infinite (R warns, we refuse).
    expect(() => coxPh([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0], [[1], [1], [1], [0], [0], [0]])).toThrow(/no convergence/);
  });
});
