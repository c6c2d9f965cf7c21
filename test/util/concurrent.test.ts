import { describe, expect, it } from "vitest";
import { mapConcurrent } from "../../src/util/concurrent";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("mapConcurrent", () => {
  it("keeps the items' order, never runs more than the limit at once, and reports each completion", async () => {
    let inFlight = 0, most = 0;
    const reported: number[] = [];
    const delays = [30, 5, 20, 1, 10, 2];
    const out = await mapConcurrent(delays, 2, async (ms, i) => {
      most = Math.max(most, ++inFlight);
      await sleep(ms);
      inFlight--;
      return `${i}:${ms}`;
    }, (done, total) => reported.push(done * 10 + total));
    expect(out).toEqual(delays.map((ms, i) => `${i}:${ms}`));
    expect(most).toBe(2);
    expect(reported).toEqual([16, 26, 36, 46, 56, 66]);
  });

  it("throws the first failure after the started calls settle, and starts no new call after it", async () => {
    const started: number[] = [];
    await expect(mapConcurrent([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      await sleep(i === 1 ? 1 : 20);
      if (i === 1) throw new Error("item 1 failed");
      return i;
    })).rejects.toThrow("item 1 failed");
    expect(started).toEqual([0, 1]);
    await expect(mapConcurrent([1], 0, async (x) => x)).rejects.toThrow(/limit must be a positive integer/);
  });
});
