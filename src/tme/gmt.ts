/**
 * Gene Matrix Transposed (GMT) gene-set files (Broad/MSigDB format): one set per line,
 *   name <TAB> description <TAB> gene1 <TAB> gene2 ...
 * Reading keeps the file's set and gene order, drops empty cells and repeated genes within a set;
 * writing is the inverse, so read -> write reproduces a well-formed file byte for byte.
 *
 * @example
 * const sets = parseGmt("GO:0000002\tmitochondrial genome maintenance\tAKT3\tDNA2\n", "inline");
 * sets[0];  // { id: "GO:0000002", description: "mitochondrial genome maintenance", genes: ["AKT3", "DNA2"] }
 * formatGmt(sets);  // the same text
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export interface GeneSet {
  id: string;
  description: string;
  genes: string[];
}

/** Parses GMT text; `source` names the file in errors. */
export function parseGmt(text: string, source: string): GeneSet[] {
  const sets: GeneSet[] = [];
  const seenIds = new Set<string>();
  text.split(/\r?\n/).forEach((line, k) => {
    if (line.trim() === "") return;
    const cells = line.split("\t");
    if (cells.length < 2 || cells[0].trim() === "") {
      throw new Error(`${source}: line ${k + 1} needs a set name and a description separated by tabs`);
    }
    const id = cells[0];
    if (seenIds.has(id)) throw new Error(`${source}: line ${k + 1}: gene set '${id}' appears more than once`);
    seenIds.add(id);
    const genes: string[] = [];
    const seen = new Set<string>();
    for (const g of cells.slice(2)) {
      const gene = g.trim();
      if (gene === "" || seen.has(gene)) continue;
      seen.add(gene);
      genes.push(gene);
    }
    sets.push({ id, description: cells[1], genes });
  });
  return sets;
}

/** Reads a .gmt or gzip-compressed .gmt.gz file. */
export function readGmt(path: string): GeneSet[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`readGmt: cannot read ${path}: ${(err as Error).message}`);
  }
  const text = path.endsWith(".gz") ? gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
  return parseGmt(text, path);
}

/** GMT text of gene sets (tabs and newlines inside names or descriptions are errors). */
export function formatGmt(sets: GeneSet[]): string {
  return sets
    .map((s) => {
      for (const field of [s.id, s.description, ...s.genes]) {
        if (/[\t\r\n]/.test(field)) throw new Error(`formatGmt: set '${s.id}' has a tab or newline in '${field}'`);
      }
      return [s.id, s.description, ...s.genes].join("\t") + "\n";
    })
    .join("");
}
