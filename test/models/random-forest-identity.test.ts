import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repoPath } from "../../src/util/paths";
import { digestCase, forestCases } from "../fixtures/random-forest/cases";

/** Digests of the forests as grown at commit bf70530 (test/fixtures/random-forest/SOURCE.md). */
const snapshot = JSON.parse(readFileSync(repoPath("test", "fixtures", "random-forest", "snapshot.json"), "utf8"));

describe("RandomForestClassifier grows the same trees as the pinned implementation (snapshot.json)", () => {
  for (const c of forestCases()) {
    it(`${c.name}: every tree array, MeanDecreaseGini, predictions and OOB error identical`, async () => {
      expect(await digestCase(c)).toEqual(snapshot[c.name]);
    });
  }
});
