/**
 * Choosing one segment of a segmentation file by the name the user gives (manifest field `segment`,
 * `alnm extract --segment`), with the same refusals for every format: an unknown name lists the names the file
 * holds; a file of several segments needs a name; a name held by two segments is ambiguous.
 */

/** A segment as a file declares it: its name and, where the format numbers segments, its number. */
export interface NamedSegment {
  name: string;
  number?: number;
}

/**
 * The segment named `wanted` (or, when no segment has that name and `wanted` is a whole number, the segment of
 * that number); without `wanted`, the file's only segment. Errors name `shown` and list the names.
 *
 * @example
 * pickSegment([{ name: "tumour" }, { name: "aln" }], "aln", "case.seg.nrrd"); // { name: "aln" }
 * pickSegment([{ name: "tumour" }], "node", "case.seg.nrrd"); // throws 'case.seg.nrrd: segment "node" not found (segments: tumour)'
 */
export function pickSegment<T extends NamedSegment>(segments: T[], wanted: string | undefined, shown: string): T {
  const names = segments.map((s) => s.name).join(", ");
  if (segments.length === 0) throw new Error(`${shown}: holds no segments`);
  if (wanted === undefined) {
    if (segments.length === 1) return segments[0];
    throw new Error(`${shown}: holds ${segments.length} segments (${names}); name one with segment (manifest case field "segment", alnm extract --segment)`);
  }
  const named = segments.filter((s) => s.name === wanted);
  if (named.length > 1) throw new Error(`${shown}: segment "${wanted}" names ${named.length} segments; rename them so that the name picks one`);
  if (named.length === 1) return named[0];
  const numbered = /^[1-9][0-9]*$/.test(wanted) ? segments.filter((s) => s.number === Number(wanted)) : [];
  if (numbered.length === 1) return numbered[0];
  throw new Error(`${shown}: segment "${wanted}" not found (segments: ${names})`);
}
