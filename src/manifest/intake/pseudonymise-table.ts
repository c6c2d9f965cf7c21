/** `alnm manifest pseudonymise`: a table's ID column replaced by the pseudonyms `alnm manifest init` gives the same keys. */
import { readDelimited } from "../csv";
import { csvFromArrays } from "../../util/csv";
import { writeFileAtomic } from "../../util/atomic";
import type { Pseudonymiser } from "./pseudonym";

/**
 * Writes `input` to `out` with column `idColumn` pseudonymised; returns the number of data rows. A row whose key has
 * no pseudonym (mapping without a row) is an error naming the row, not the key.
 *
 * @example
 * pseudonymiseTable("clinical-mrn.csv", "mrn", keyedPseudonymiser("secret.key"), "clinical.csv"); // 412
 */
export function pseudonymiseTable(input: string, idColumn: string, ids: Pseudonymiser, out: string): number {
  const rows = readDelimited(input, input.endsWith(".tsv") ? "\t" : ",", `manifest pseudonymise ${input}`);
  const header = rows[0] ?? [];
  const j = header.indexOf(idColumn);
  if (j < 0) throw new Error(`manifest pseudonymise ${input}: no column '${idColumn}' (header: ${header.join(", ")})`);
  const body = rows.slice(1).map((r, i) => {
    const id = ids.id(r[j] ?? "");
    if (id === undefined) throw new Error(`manifest pseudonymise ${input}: row ${i + 2} has no pseudonym (${ids.description})`);
    return r.map((cell, k) => (k === j ? id : cell));
  });
  writeFileAtomic(out, csvFromArrays(header, body));
  return body.length;
}
