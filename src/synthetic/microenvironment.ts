/**
 * A TCGA-like tumour-microenvironment set (paper sections 2.6, 4.5): about 90 patients with bulk gene
 * expression, lncRNA expression, methylation beta values and immune-cell mixtures, all driven by the same
 * patient latent that drives their tumour/ALN radiomic features, so radiomic-omic correlations are real.
 *
 * Model, per patient p with ALN status y_p and latent s_p = ±d/2 + N(0, 1) (the radiomic latent):
 * - immune fractions f_p ~ Dirichlet(alpha * exp(beta_c s_p)), beta > 0 for M0 macrophages and neutrophils,
 *   beta < 0 for naive B cells and CD8 T cells (the cells section 4.5 names), 0 for the rest;
 * - signature matrix S (547 genes x 22 cell types, generated here; CIBERSORT's LM22 values are not
 *   redistributable): each gene has a home cell type with expression 300-3,000 and 1-60 elsewhere;
 * - bulk expression (linear, TPM-like) x_gp = 0.4 sum_c S_gc f_pc + t_gp, t a tumour component; hallmark
 *   oxidative-phosphorylation genes rise with s_p (log2 +0.5 per unit) and 60 other genes fall, mirroring the
 *   pathway the paper reports; every value gets log-normal noise (SD 0.25 on log2);
 * - 500 lncRNAs (log2 expression; 40 shifted ±0.7 by ALN status) and 1,000 CpG sites (beta values; 80 with a
 *   logit shift ±0.8 by ALN status).
 * Gene symbols come from the MSigDB Hallmark sets shipped in data/genesets (CC BY 4.0) so enrichment
 * analyses see real symbols; lncRNA and CpG names are synthetic (LNC00001, cgS0000001).
 *
 * @example
 * const tme = generateMicroenvironment(createRng(5), { patients: 90 });
 * tme.signature.genes.length; // 547
 */
import { readFileSync } from "node:fs";
import type { Rng } from "../util/random";
import { repoPath } from "../util/paths";

export const LM22_CELL_TYPES = [
  "B cells naive", "B cells memory", "Plasma cells", "T cells CD8", "T cells CD4 naive", "T cells CD4 memory resting",
  "T cells CD4 memory activated", "T cells follicular helper", "T cells regulatory (Tregs)", "T cells gamma delta",
  "NK cells resting", "NK cells activated", "Monocytes", "Macrophages M0", "Macrophages M1", "Macrophages M2",
  "Dendritic cells resting", "Dendritic cells activated", "Mast cells resting", "Mast cells activated", "Eosinophils", "Neutrophils",
] as const;

/** Log-scale effect of the latent on each cell type's Dirichlet weight. */
const CELL_LATENT_EFFECT: Record<string, number> = { "Macrophages M0": 0.6, Neutrophils: 0.5, "B cells naive": -0.6, "T cells CD8": -0.4 };

const IMMUNE_SETS = [
  "HALLMARK_ALLOGRAFT_REJECTION", "HALLMARK_INFLAMMATORY_RESPONSE", "HALLMARK_INTERFERON_GAMMA_RESPONSE", "HALLMARK_IL2_STAT5_SIGNALING",
  "HALLMARK_COMPLEMENT", "HALLMARK_TNFA_SIGNALING_VIA_NFKB", "HALLMARK_IL6_JAK_STAT3_SIGNALING", "HALLMARK_INTERFERON_ALPHA_RESPONSE",
];
const SIGNATURE_GENES = 547;

export interface MicroenvironmentOptions {
  patients?: number;
  /** Cohen's d of the latent between ALN groups (default 1.2). */
  effectSize?: number;
}

export interface Microenvironment {
  patientIds: string[];
  aln: (0 | 1)[];
  latent: number[];
  /** PAM50 subtype (LumA 45 %, LumB 25 %, Basal 20 %, Her2 10 %). */
  pam50: string[];
  signature: { genes: string[]; cells: string[]; values: number[][] };
  /** Immune fractions per patient (rows sum to 1), columns LM22_CELL_TYPES. */
  fractions: number[][];
  expression: { genes: string[]; values: number[][] };
  lncrna: { names: string[]; values: number[][]; associated: string[] };
  methylation: { sites: string[]; values: number[][]; associated: string[] };
}

function readHallmarks(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const path = repoPath("data/genesets/h.all.v2024.1.Hs.symbols.gmt");
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const cells = line.trim().split("\t");
    if (cells.length > 2) out.set(cells[0], cells.slice(2));
  }
  if (out.size === 0) throw new Error(`no gene sets read from ${path}`);
  return out;
}

/** Gamma(shape, 1) deviate (Marsaglia & Tsang 2000; shape < 1 boosted by U^(1/shape)). */
export function gammaDeviate(shape: number, rng: Rng): number {
  if (shape < 1) return gammaDeviate(shape + 1, rng) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

const round = (x: number, k: number) => Math.round(x * 10 ** k) / 10 ** k;

export function generateMicroenvironment(rng: Rng, options: MicroenvironmentOptions = {}): Microenvironment {
  const n = options.patients ?? 90;
  const d = options.effectSize ?? 1.2;
  const sets = readHallmarks();
  const immune = Array.from(new Set(IMMUNE_SETS.flatMap((s) => sets.get(s) ?? []))).sort();
  if (immune.length < SIGNATURE_GENES) throw new Error(`only ${immune.length} immune hallmark genes for a ${SIGNATURE_GENES}-gene signature`);
  const sigGenes = immune.slice(0, SIGNATURE_GENES);
  const sigSet = new Set(sigGenes);
  const oxphos = new Set(sets.get("HALLMARK_OXIDATIVE_PHOSPHORYLATION") ?? []);
  const others = Array.from(new Set(Array.from(sets.values()).flat())).filter((g) => !sigSet.has(g)).sort();
  const nonOxphos = others.filter((g) => !oxphos.has(g));
  const down = new Set<string>();
  while (down.size < 60) down.add(nonOxphos[rng.int(nonOxphos.length)]);

  const cells = [...LM22_CELL_TYPES];
  const sig = sigGenes.map((_, g) => {
    const home = g % cells.length;
    return cells.map((_, c) => round(c === home ? 300 + 2700 * rng.next() : 1 + 59 * rng.next() * rng.next(), 3));
  });

  const patientIds: string[] = [], aln: (0 | 1)[] = [], latent: number[] = [], fractions: number[][] = [];
  for (let p = 0; p < n; p++) {
    patientIds.push(`TME${String(p + 1).padStart(3, "0")}`);
    const y: 0 | 1 = p % 2 === 0 ? 0 : 1;
    aln.push(y);
    const s = (y ? 0.5 : -0.5) * d + rng.normal();
    latent.push(s);
    const g = cells.map((c) => gammaDeviate(1.2 * Math.exp((CELL_LATENT_EFFECT[c] ?? 0) * s), rng));
    const total = g.reduce((a, b) => a + b, 0);
    fractions.push(g.map((x) => round(x / total, 6)));
  }

  const noise = () => Math.pow(2, 0.25 * rng.normal());
  const genes = [...sigGenes, ...others];
  const baseline = others.map(() => Math.pow(2, 2 + 8 * rng.next()));
  const expression = genes.map((gene, gi) =>
    patientIds.map((_, p) => {
      if (gi < SIGNATURE_GENES) {
        const mix = sig[gi].reduce((acc, v, c) => acc + v * fractions[p][c], 0);
        return round((0.4 * mix + 5 * rng.next()) * noise(), 3);
      }
      const shift = oxphos.has(gene) ? 0.5 * latent[p] : down.has(gene) ? -0.5 * latent[p] : 0;
      return round(baseline[gi - SIGNATURE_GENES] * Math.pow(2, shift) * noise(), 3);
    }),
  );

  const lncNames = Array.from({ length: 500 }, (_, i) => `LNC${String(i + 1).padStart(5, "0")}`);
  const lncAssoc = new Set(lncNames.filter((_, i) => i % 12 === 3).slice(0, 40));
  const lncrna = lncNames.map((name) => {
    const mu = -2 + 10 * rng.next();
    const sign = rng.next() < 0.5 ? -1 : 1;
    return aln.map((y) => round(mu + (lncAssoc.has(name) ? sign * 0.7 * (y ? 1 : -1) : 0) + rng.normal(), 4));
  });
  const sites = Array.from({ length: 1000 }, (_, i) => `cgS${String(i + 1).padStart(7, "0")}`);
  const methAssoc = new Set(sites.filter((_, i) => i % 12 === 5).slice(0, 80));
  const methylation = sites.map((site) => {
    const mu = -3 + 6 * rng.next();
    const sign = rng.next() < 0.5 ? -1 : 1;
    return aln.map((y) => {
      const logit = mu + (methAssoc.has(site) ? sign * 0.8 * (y ? 1 : -1) : 0) + 0.6 * rng.normal();
      return round(1 / (1 + Math.exp(-logit)), 5);
    });
  });
  const pam50 = patientIds.map(() => {
    const u = rng.next();
    return u < 0.45 ? "LumA" : u < 0.7 ? "LumB" : u < 0.9 ? "Basal" : "Her2";
  });
  return {
    patientIds, aln, latent, pam50,
    signature: { genes: sigGenes, cells, values: sig },
    fractions,
    expression: { genes, values: expression },
    lncrna: { names: lncNames, values: lncrna, associated: Array.from(lncAssoc) },
    methylation: { sites, values: methylation, associated: Array.from(methAssoc) },
  };
}
