/**
 * Patient identifiers carried by DICOM inputs, and a scan of output files (and captured logs) for them, so a
 * test or a researcher can check that features, tables, notebooks and figures hold none of them.
 *
 * Identifying attributes: a subset of the DICOM PS3.15 Annex E basic confidentiality profile (names, IDs,
 * dates, institution, accession and study numbers). A value is searched for as stored and in the forms it
 * could be rewritten to: person-name components ("DOE^JANE" -> "DOE", "JANE", "DOE JANE") and dates
 * ("20180923" -> "2018-09-23", "23/09/2018"). Case-insensitive; strings shorter than 4 characters are
 * skipped and digits must not run on around a numeric form (either would match by chance, e.g. a date inside
 * the digits of a feature value).
 *
 * @example
 * const ids = await dicomIdentifiers(["/data/series1/im001.dcm"]);
 * const leaks = scanFiles(["/out/features.csv"], ids);   // [] when nothing leaked
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { importEsm } from "../util/esm";
import { quietItk } from "../util/itk-output";

/** DICOM tag ("gggg|eeee", as itk-wasm writes it) -> attribute name. */
export const IDENTIFYING_TAGS: Readonly<Record<string, string>> = {
  "0008|0020": "StudyDate",
  "0008|0021": "SeriesDate",
  "0008|0022": "AcquisitionDate",
  "0008|0023": "ContentDate",
  "0008|0050": "AccessionNumber",
  "0008|0080": "InstitutionName",
  "0008|0081": "InstitutionAddress",
  "0008|0090": "ReferringPhysicianName",
  "0008|1048": "PhysiciansOfRecord",
  "0008|1050": "PerformingPhysicianName",
  "0008|1070": "OperatorsName",
  "0010|0010": "PatientName",
  "0010|0020": "PatientID",
  "0010|0030": "PatientBirthDate",
  "0010|1000": "OtherPatientIDs",
  "0010|1001": "OtherPatientNames",
  "0010|1040": "PatientAddress",
  "0010|2154": "PatientTelephoneNumbers",
  "0020|0010": "StudyID",
};

/** One identifying value found in an input. */
export interface Identifier {
  attribute: string;
  value: string;
  /** The file it came from. */
  source: string;
}

/** One place an identifier was found. */
export interface Finding {
  attribute: string;
  /** The text that matched (the value or one of its forms). */
  match: string;
  /** File path or stream name where it was found. */
  where: string;
}

const MIN_LENGTH = 4;

/**
 * The strings a value may appear as: itself, person-name components and their space-joined form, and dates
 * in ISO and day/month/year forms.
 *
 * @example
 * identifierForms("DOE^JANE"); // ["DOE^JANE", "DOE JANE", "DOE", "JANE"]
 */
export function identifierForms(value: string): string[] {
  const v = value.trim();
  const forms = [v];
  if (v.includes("^")) {
    const parts = v.split("^").map((p) => p.trim()).filter(Boolean);
    forms.push(parts.join(" "), ...parts);
  }
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (date) forms.push(`${date[1]}-${date[2]}-${date[3]}`, `${date[3]}/${date[2]}/${date[1]}`, `${date[2]}/${date[3]}/${date[1]}`);
  return Array.from(new Set(forms.filter((f) => f.length >= MIN_LENGTH)));
}

/**
 * Identifying values of DICOM files (read with @itk-wasm/dicom), one entry per distinct (attribute, value).
 *
 * @example
 * await dicomIdentifiers(["/abs/im1.dcm"]); // [{ attribute: "PatientName", value: "DOE^JANE", source: "/abs/im1.dcm" }, ...]
 */
export async function dicomIdentifiers(files: string[]): Promise<Identifier[]> {
  const dicom = await importEsm("@itk-wasm/dicom");
  const out: Identifier[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    let tags: [string, string][];
    try {
      tags = (await quietItk<{ tags: [string, string][] }>(() => dicom.readDicomTagsNode(file))).tags;
    } catch (err) {
      throw new Error(`${file}: cannot read DICOM tags (${(err as Error).message ?? err})`);
    }
    for (const [tag, raw] of tags) {
      const attribute = IDENTIFYING_TAGS[tag.toLowerCase()];
      const value = raw.replace(/[\0\s]+$/, "");
      if (!attribute || value.length === 0 || seen.has(`${attribute}\0${value}`)) continue;
      seen.add(`${attribute}\0${value}`);
      out.push({ attribute, value, source: file });
    }
  }
  return out;
}

/**
 * Where any form of any identifier occurs in `text` (case-insensitive).
 *
 * @example
 * scanText("patient DOE, 2018-09-23", "stdout", ids); // [{ attribute: "PatientName", match: "DOE", where: "stdout" }, ...]
 */
export function scanText(text: string, where: string, identifiers: Identifier[]): Finding[] {
  const haystack = text.toLowerCase();
  const findings: Finding[] = [];
  for (const id of identifiers) {
    for (const form of identifierForms(id.value)) {
      if (occurs(haystack, form.toLowerCase())) findings.push({ attribute: id.attribute, match: form, where });
    }
  }
  return findings;
}

/**
 * `text` with every form of every identifier (case-insensitive) replaced by `<withheld>`, for messages that must
 * name a path which may hold a patient's name or ID.
 *
 * @example
 * redact("P1/DOE_JANE/dce: no series", [{ attribute: "PatientName", value: "DOE^JANE", source: "" }]); // "P1/<withheld>_<withheld>/dce: no series"
 */
export function redact(text: string, identifiers: Pick<Identifier, "value">[]): string {
  return redactor(identifiers)(text);
}

/** {@link redact} for many texts: the identifiers' forms compiled once. */
export function redactor(identifiers: Pick<Identifier, "value">[]): (text: string) => string {
  const forms = [...new Set(identifiers.flatMap((id) => identifierForms(id.value)))].sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (text) => text;
  const pattern = new RegExp(forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");
  return (text) => text.replace(pattern, "<withheld>");
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/**
 * Whether `needle` occurs in `haystack`; a needle that starts (ends) with a digit must not be preceded
 * (followed) by one, so a date like 20180923 is not found inside the digits of a feature value.
 */
function occurs(haystack: string, needle: string): boolean {
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1];
    const after = haystack[at + needle.length];
    if (isDigit(needle[0]) && isDigit(before)) continue;
    if (isDigit(needle[needle.length - 1]) && isDigit(after)) continue;
    return true;
  }
  return false;
}

/** Every regular file under the given files or folders (recursively), sorted. */
export function listFiles(paths: string[]): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) visit(join(p, name));
    else out.push(p);
  };
  paths.forEach(visit);
  return out;
}

/**
 * Scans every file under `paths` (bytes read as Latin-1, so binary files such as PNG are searched too; UTF-16
 * text is not) for the identifiers.
 *
 * @example
 * scanFiles(["out/cohort", "results"], await dicomIdentifiers(dicomFiles)); // [] when nothing leaked
 */
export function scanFiles(paths: string[], identifiers: Identifier[]): Finding[] {
  return listFiles(paths).flatMap((file) => scanText(readFileSync(file).toString("latin1"), file, identifiers));
}
