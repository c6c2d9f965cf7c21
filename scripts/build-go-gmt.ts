/**
 * Builds human GO gene-set files (gene symbols) for over-representation analysis, reproducibly, from the
 * SQLite databases of Debian's Bioconductor annotation packages:
 *   r-bioc-org.hs.eg.db  org.Hs.eg.sqlite  tables go_bp_all / go_mf_all / go_cc_all (Entrez gene -> GO term,
 *                        annotations already propagated to every ancestor along is_a, part_of and regulates:
 *                        the GOALL mapping that clusterProfiler's enrichGO uses) and gene_info (symbols)
 *   r-bioc-go.db         GO.sqlite  table go_term (term names)
 *
 * Output (default data/go/): GO_BP.gmt.gz, GO_MF.gmt.gz, GO_CC.gmt.gz: one line per GO term in GO-ID order,
 * "GO:id <TAB> term name <TAB> symbols...", symbols unique and sorted by code point; and BUILD.json with
 * the input packages' versions, source dates, SHA-256 of inputs and of every (uncompressed and gzipped)
 * output. The same databases give the same bytes: rows are sorted here, not in SQL, and gzip carries no
 * time stamp.
 *
 * Needs the `sqlite3` command-line tool. Install the inputs with:
 *   apt-get install -y r-bioc-org.hs.eg.db r-bioc-go.db sqlite3
 * Run: npx tsx scripts/build-go-gmt.ts [--out data/go] [--org <org.Hs.eg.sqlite>] [--go <GO.sqlite>]
 */
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { GeneSet } from "../src/tme/gmt";
import { argValue, byCodePoint, metadata, ORG_HS_EG_DB, packageVersion, requireDatabase, sha256, sqlite, writeGmtGz } from "./lib/annotation-db";

const ONTOLOGIES = ["BP", "MF", "CC"] as const;

const outDir = resolve(argValue("--out", "data/go"));
const orgDb = resolve(argValue("--org", ORG_HS_EG_DB));
const goDb = resolve(argValue("--go", "/usr/lib/R/site-library/GO.db/extdata/GO.sqlite"));
requireDatabase("org.Hs.eg.db", orgDb, "build-go-gmt");
requireDatabase("GO.db", goDb, "build-go-gmt");

const started = Date.now();
const termNames = new Map<string, string>();
for (const [id, term] of sqlite(goDb, "SELECT go_id, term FROM go_term")) termNames.set(id, term);

mkdirSync(outDir, { recursive: true });
const outputs: Record<string, unknown> = {};
for (const ont of ONTOLOGIES) {
  const table = `go_${ont.toLowerCase()}_all`;
  const genesByTerm = new Map<string, Set<string>>();
  for (const [goId, symbol] of sqlite(orgDb, `SELECT a.go_id, g.symbol FROM ${table} a JOIN gene_info g ON g._id = a._id`)) {
    let s = genesByTerm.get(goId);
    if (!s) genesByTerm.set(goId, (s = new Set()));
    s.add(symbol);
  }
  const sets: GeneSet[] = Array.from(genesByTerm.keys())
    .sort(byCodePoint)
    .map((id) => {
      const description = termNames.get(id);
      if (description === undefined) throw new Error(`build-go-gmt: ${table} term ${id} is not in GO.db's go_term`);
      return { id, description, genes: Array.from(genesByTerm.get(id)!).sort(byCodePoint) };
    });
  const file = `GO_${ont}.gmt.gz`;
  outputs[file] = writeGmtGz(outDir, file, sets, "terms");
}

const orgMeta = metadata(orgDb);
const goMeta = metadata(goDb);
const build = {
  description: "Human GO gene sets (symbols), annotations propagated to ancestors (org.Hs.eg.db go_*_all = GOALL)",
  licence:
    "GO data: CC BY 4.0 (Gene Ontology Consortium); org.Hs.eg.db and GO.db packages: Artistic-2.0 (Bioconductor); Entrez Gene data: public domain (NCBI)",
  script: "scripts/build-go-gmt.ts",
  inputs: {
    "r-bioc-org.hs.eg.db": {
      debianVersion: packageVersion("r-bioc-org.hs.eg.db"),
      file: "org.Hs.eg.sqlite",
      sha256: sha256(readFileSync(orgDb)),
      EGSOURCEDATE: orgMeta.EGSOURCEDATE,
      GOSOURCEDATE: orgMeta.GOSOURCEDATE,
      GOEGSOURCEDATE: orgMeta.GOEGSOURCEDATE,
    },
    "r-bioc-go.db": {
      debianVersion: packageVersion("r-bioc-go.db"),
      file: "GO.sqlite",
      sha256: sha256(readFileSync(goDb)),
      GOSOURCEDATE: goMeta.GOSOURCEDATE,
      GOSOURCEURL: goMeta.GOSOURCEURL,
    },
  },
  outputs,
};
writeFileSync(join(outDir, "BUILD.json"), JSON.stringify(build, null, 2) + "\n");
console.log(`build-go-gmt: wrote ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
