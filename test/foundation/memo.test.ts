import { describe, expect, it } from "vitest";
import { memoPer } from "../../src/util/memo";

describe("memoPer", () => {
  it("computes once per (owner, key), separately per owner and key, falsy values included", () => {
    const cache = new WeakMap<object, Map<string, number>>();
    const a = {};
    const b = {};
    let calls = 0;
    const zero = () => (calls++, 0);
    expect(memoPer(cache, a, "x", zero)).toBe(0);
    expect(memoPer(cache, a, "x", zero)).toBe(0);
    expect(calls).toBe(1);
    expect(memoPer(cache, a, "y", () => 2)).toBe(2);
    expect(memoPer(cache, b, "x", () => 3)).toBe(3);
    expect(memoPer(cache, a, "x", () => 9)).toBe(0);
  });
});
