/**
 * Patient IDs for a manifest built from a data tree: never the names found on disk or in DICOM headers, but a
 * pseudonym from a mapping file the user keeps, or a keyed hash (HMAC-SHA256) of the source key.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { readDelimited } from "../csv";

/** Turns a source key (a folder name or a DICOM PatientID, held in memory only) into the manifest's patient ID. */
export interface Pseudonymiser {
  /** The pseudonym, or undefined when the mapping has no row for this key. */
  id(sourceKey: string): string | undefined;
  /** How IDs were made, for the manifest's notes (no key material). */
  description: string;
}

/**
 * IDs from a CSV with the columns `source` (the folder name or DICOM PatientID) and `patient_id`.
 * Throws, naming the file and row, on a missing column, an empty or duplicated source or a repeated patient ID.
 *
 * @example
 * mappingPseudonymiser("ids.csv").id("MRN0012345"); // "P001"
 */
export function mappingPseudonymiser(file: string): Pseudonymiser {
  const rows = readDelimited(file, ",", `--ids ${file}`);
  const header = rows[0] ?? [];
  const [s, p] = [header.indexOf("source"), header.indexOf("patient_id")];
  if (s < 0 || p < 0) throw new Error(`--ids ${file}: needs the columns 'source' and 'patient_id' (header: ${header.join(", ")})`);
  const map = new Map<string, string>();
  const used = new Set<string>();
  for (let r = 1; r < rows.length; r++) {
    const [source, id] = [rows[r][s] ?? "", rows[r][p] ?? ""];
    if (source === "" || id === "") throw new Error(`--ids ${file}: row ${r + 1} has an empty source or patient_id`);
    if (map.has(source)) throw new Error(`--ids ${file}: row ${r + 1} repeats a source of an earlier row`);
    if (used.has(id)) throw new Error(`--ids ${file}: row ${r + 1}: patient_id ${id} is given to two sources`);
    if (id.trim() !== id) throw new Error(`--ids ${file}: row ${r + 1}: patient_id has leading or trailing spaces`);
    map.set(source, id);
    used.add(id);
  }
  return { id: (key) => map.get(key), description: `patient IDs from the mapping file ${file}` };
}

/** Smallest key accepted for keyed pseudonyms: 128 bits. */
const MIN_KEY_BYTES = 16;

/**
 * IDs `<prefix>` + the first 12 hex digits (48 bits) of HMAC-SHA256(key, source key): the same source always gives
 * the same ID, and without the key file nobody can recompute or invert it. The key file's bytes (trailing newline
 * removed) are the key; it must hold at least 16 bytes.
 *
 * @example
 * keyedPseudonymiser("secret.key", "P").id("MRN0012345"); // "P3f9a0c12d4e7"
 */
export function keyedPseudonymiser(keyFile: string, prefix = "P"): Pseudonymiser {
  let key: Buffer;
  try {
    key = readFileSync(keyFile);
  } catch (err) {
    throw new Error(`--pseudonym-key ${keyFile}: cannot read the key file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  while (key.length && (key[key.length - 1] === 0x0a || key[key.length - 1] === 0x0d)) key = key.subarray(0, key.length - 1);
  if (key.length < MIN_KEY_BYTES) {
    throw new Error(`--pseudonym-key ${keyFile}: the key holds ${key.length} bytes; use at least ${MIN_KEY_BYTES} random bytes (e.g. openssl rand -hex 32 > ${keyFile})`);
  }
  return {
    id: (source) => prefix + createHmac("sha256", key).update(source, "utf8").digest("hex").slice(0, 12),
    description: "keyed pseudonyms (HMAC-SHA256 of the source key, first 12 hex digits)",
  };
}

/** IDs taken as they are from the data tree's `{patient}` folder names, when those are already pseudonymous. */
export const pathPseudonymiser: Pseudonymiser = {
  id: (key) => key,
  description: "patient IDs as the {patient} names of the data tree (declared pseudonymous with --ids-from-path)",
};
