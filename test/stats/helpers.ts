import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { expect } from "vitest";
import { repoPath } from "../../src/util/paths";

/** Rows of a CSV under data/, numbers parsed, "TRUE"/"FALSE" kept as strings. */
const csvCache = new Map<string, Record<string, any>[]>();

export function readCsv(...parts: string[]): Record<string, any>[] {
  const key = parts.join("/");
  const cached = csvCache.get(key);
  if (cached) return cached;
  const text = readFileSync(repoPath("data", ...parts), "utf8");
  const parsed = Papa.parse<Record<string, any>>(text, { header: true, dynamicTyping: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`${parts.join("/")}: ${parsed.errors[0].message}`);
  csvCache.set(key, parsed.data);
  return parsed.data;
}

export function readJson(...parts: string[]): any {
  return JSON.parse(readFileSync(repoPath("data", ...parts), "utf8"));
}

/** test/fixtures/stats/r-extra.json (made by make-fixtures.R there); JSON null (R NA) becomes NaN, "Inf" / "-Inf" infinities. */
export function rExtra(): any {
  return JSON.parse(readFileSync(repoPath("test", "fixtures", "stats", "r-extra.json"), "utf8"), (_k, v) => (v === null ? NaN : v === "Inf" ? Infinity : v === "-Inf" ? -Infinity : v));
}

/** R's jsonlite writes a length-1 vector as a scalar. */
export function vec(v: number | number[]): number[] {
  return Array.isArray(v) ? v : [v];
}

/** |actual - expected| <= tol · |expected| (exact equality for 0; both NaN pass; p < 1e-300 compared loosely). */
export function expectClose(actual: number, expected: number, tol = 1e-8, what = ""): void {
  if (Number.isNaN(expected)) {
    expect(actual, what).toBeNaN();
    return;
  }
  if (!Number.isFinite(expected)) {
    expect(actual, what).toBe(expected);
    return;
  }
  if (Math.abs(expected) < 1e-300 && Math.abs(actual) < 1e-300) return;
  const err = Math.abs(actual - expected);
  const ok = err <= tol * Math.abs(expected) || (expected === 0 && err <= tol);
  expect(ok, `${what}: got ${actual}, R ${expected} (rel err ${err / Math.abs(expected)})`).toBe(true);
}

/** Largest relative error seen, for reporting. */
export function relErr(actual: number, expected: number): number {
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}
