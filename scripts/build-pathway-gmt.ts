/**
 * Builds the open pathway collections that stand in for KEGG (whose files carry non-commercial terms) as
 * gene-symbol GMT files, reproducibly:
 *   data/pathways/reactome.gmt.gz      Reactome 2024-09-18 (CC0): "R-HSA-id <TAB> pathway name <TAB> symbols..."
 *   data/pathways/wikipathways.gmt.gz  WikiPathways 2022-03-10 (CC0), human: "WPid <TAB> title <TAB> symbols..."
 * from the source GMTs shipped in data/pathways/source/. Reactome's file already lists symbols (the few
 * non-human entries such as viral "gag" stay; no human gene matches them). WikiPathways lists Entrez Gene IDs,
 * mapped here to symbols with org.Hs.eg.db's `genes` / `gene_info` tables (the same release as data/go/);
 * IDs with no symbol there are dropped and counted in BUILD.json. Symbols are unique and sorted by code point,
 * sets are in ID order, gzip carries no time stamp: the same inputs give the same bytes.
 *
 * Needs `sqlite3` and org.Hs.eg.db: apt-get install -y r-bioc-org.hs.eg.db sqlite3
 * Run: npx tsx scripts/build-pathway-gmt.ts [--out data/pathways] [--org <org.Hs.eg.sqlite>]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readGmt, type GeneSet } from "../src/tme/gmt";
import { argValue, byCodePoint, metadata, ORG_HS_EG_DB, packageVersion, requireDatabase, sha256, sqlite, writeGmtGz } from "./lib/annotation-db";

const outDir = resolve(argValue("--out", "data/pathways"));
const orgDb = resolve(argValue("--org", ORG_HS_EG_DB));
requireDatabase("org.Hs.eg.db", orgDb, "build-pathway-gmt");
const sourceDir = resolve("data/pathways/source");
const REACTOME = "ReactomePathways_2024-09-18.gmt.gz";
const WIKIPATHWAYS = "wikipathways-20220310-gmt-Homo_sapiens.gmt.gz";

const started = Date.now();
const symbolOf = new Map<string, string>();
for (const [entrez, symbol] of sqlite(orgDb, "SELECT g.gene_id, i.symbol FROM genes g JOIN gene_info i ON i._id = g._id")) symbolOf.set(entrez, symbol);

const sortedSets = (sets: GeneSet[]): GeneSet[] =>
  sets
    .map((s) => ({ ...s, genes: Array.from(new Set(s.genes)).sort(byCodePoint) }))
    .sort((a, b) => byCodePoint(a.id, b.id));

// Reactome: name <TAB> R-HSA id <TAB> symbols; our files put the ID first.
const reactome = sortedSets(readGmt(join(sourceDir, REACTOME)).map((s) => ({ id: s.description, description: s.id, genes: s.genes })));

// WikiPathways: "title%WikiPathways_20220310%WPid%Homo sapiens" <TAB> URL <TAB> Entrez IDs.
let unmapped = 0;
const unmappedIds = new Set<string>();
const wikipathways = sortedSets(
  readGmt(join(sourceDir, WIKIPATHWAYS)).map((s) => {
    const parts = s.id.split("%");
    if (parts.length !== 4 || !/^WP\d+$/.test(parts[2])) throw new Error(`build-pathway-gmt: unexpected WikiPathways set name '${s.id}'`);
    const genes: string[] = [];
    for (const entrez of s.genes) {
      const symbol = symbolOf.get(entrez);
      if (symbol) genes.push(symbol);
      else {
        unmapped++;
        unmappedIds.add(entrez);
      }
    }
    return { id: parts[2], description: parts[0], genes };
  }),
);

mkdirSync(outDir, { recursive: true });
const outputs: Record<string, unknown> = {};
for (const [file, sets] of [["reactome.gmt.gz", reactome], ["wikipathways.gmt.gz", wikipathways]] as [string, GeneSet[]][]) {
  outputs[file] = writeGmtGz(outDir, file, sets, "sets");
}
const orgMeta = metadata(orgDb);
const build = {
  description: "Open pathway collections (KEGG stand-ins) as gene-symbol GMT files",
  licence: "Reactome and WikiPathways data: CC0; Entrez Gene data: public domain (NCBI); org.Hs.eg.db package: Artistic-2.0",
  script: "scripts/build-pathway-gmt.ts",
  inputs: {
    [REACTOME]: { sha256: sha256(readFileSync(join(sourceDir, REACTOME))), origin: "markziemann/asd_meth commit dbedd487 (Reactome release of 2024-09-18)" },
    [WIKIPATHWAYS]: { sha256: sha256(readFileSync(join(sourceDir, WIKIPATHWAYS))), origin: "YuLab-SMU/gson commit b5f99286 (WikiPathways 2022-03-10)" },
    "r-bioc-org.hs.eg.db": { debianVersion: packageVersion("r-bioc-org.hs.eg.db"), sha256: sha256(readFileSync(orgDb)), EGSOURCEDATE: orgMeta.EGSOURCEDATE },
  },
  wikipathwaysEntrezWithoutSymbol: { annotations: unmapped, distinctIds: unmappedIds.size },
  outputs,
};
writeFileSync(join(outDir, "BUILD.json"), JSON.stringify(build, null, 2) + "\n");
console.log(`build-pathway-gmt: wrote ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
