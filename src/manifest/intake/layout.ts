/**
 * File layouts of `alnm manifest init`: patterns such as `{patient}/{sequence}.nii.gz` matched against the paths of
 * a data tree, and the walk that lists those paths.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";

/** The placeholders a layout pattern may use. `{folder}` / `{parent}` (DICOM trees only) may span several folders. */
export const PLACEHOLDERS = ["patient", "sequence", "region", "timepoint", "folder", "parent"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** A compiled layout pattern. */
export interface Layout {
  pattern: string;
  /** Placeholders in the order they appear (each at most once). */
  names: Placeholder[];
  /** Whether the pattern names folders (it ends with `/`): e.g. a DICOM series folder per sequence. */
  folders: boolean;
  regex: RegExp;
}

/**
 * Compiles a layout pattern: literal text, `*` (any characters within one folder name) and placeholders
 * `{patient}`, `{sequence}`, `{region}`, `{timepoint}` (one folder name or part of one), `{folder}` and `{parent}`
 * (a path). A pattern ending in `/` matches folders. Throws, naming the option, on an unknown or repeated
 * placeholder, an absolute path or `..`.
 *
 * @example
 * const l = compileLayout("{patient}/{sequence}.nii.gz", "--layout");
 * matchLayout(l, "P001/T1C.nii.gz"); // { patient: "P001", sequence: "T1C" }
 */
export function compileLayout(pattern: string, option: string): Layout {
  const fail = (problem: string): never => {
    throw new Error(`${option} '${pattern}': ${problem}`);
  };
  if (pattern === "" || pattern.startsWith("/")) fail("give a pattern relative to the data root");
  if (pattern.split("/").includes("..")) fail("'..' is not allowed; every file must be under the data root");
  const folders = pattern.endsWith("/");
  const body = folders ? pattern.slice(0, -1) : pattern;
  const names: Placeholder[] = [];
  let source = "";
  for (const part of body.split(/(\{[^}]*\}|\*)/)) {
    if (part === "*") source += "[^/]*";
    else if (part.startsWith("{")) {
      const name = part.slice(1, -1) as Placeholder;
      if (!PLACEHOLDERS.includes(name)) fail(`unknown placeholder ${part} (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")})`);
      if (names.includes(name)) fail(`placeholder ${part} appears twice`);
      names.push(name);
      source += name === "folder" || name === "parent" ? "(.+)" : "([^/]+?)";
    } else source += part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return { pattern, names, folders, regex: new RegExp(`^${source}$`) };
}

/**
 * The placeholder values of a path (relative to the data root, `/`-separated) matching the layout, or null.
 *
 * @example
 * matchLayout(compileLayout("{patient}/{region}_mask.nrrd", "--masks"), "P001/tumour_mask.nrrd"); // { patient: "P001", region: "tumour" }
 */
export function matchLayout(layout: Layout, path: string): Partial<Record<Placeholder, string>> | null {
  const m = layout.regex.exec(path);
  if (!m) return null;
  const values: Partial<Record<Placeholder, string>> = {};
  layout.names.forEach((name, i) => (values[name] = m[i + 1]));
  return values;
}

/** A path of the data tree, relative to the root with `/` separators. */
export interface TreeEntry {
  path: string;
  folder: boolean;
}

/**
 * Every file and folder under `root` (symbolic links are not followed, hidden entries starting with `.` are
 * skipped), sorted by path so that the manifest's order does not depend on the file system.
 */
export function walkTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const visit = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      if (e.name.startsWith(".")) continue;
      const path = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        out.push({ path, folder: true });
        visit(path);
      } else if (e.isFile()) out.push({ path, folder: false });
    }
  };
  visit("");
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
