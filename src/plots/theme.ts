/**
 * House style for manuscript figures: colour-blind-safe Okabe-Ito palette, a sans-serif font that
 * Chromium has on Debian (Liberation Sans, metric-compatible with Arial), and journal column widths.
 */

/** Okabe & Ito (2008) colour-blind-safe palette, in the order traces use it. */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"] as const;

/** Colours with a fixed meaning across every figure. */
export const ROLE_COLOURS = {
  alnNegative: "#0072B2",
  alnPositive: "#D55E00",
  reference: "#999999",
} as const;

/** Diverging scale for correlations and z-scores (blue - white - vermillion), safe for deuteranopia. */
export const DIVERGING_SCALE: [number, string][] = [
  [0, "#0072B2"],
  [0.5, "#FFFFFF"],
  [1, "#D55E00"],
];

export const FONT_FAMILY = "Liberation Sans, Arial, Helvetica, sans-serif";

/** Journal figure widths in millimetres (Elsevier: single 90 mm, 1.5-column 140 mm, double 190 mm). */
export const WIDTH_MM = { single: 90, oneAndHalf: 140, double: 190 } as const;
export type FigureWidth = keyof typeof WIDTH_MM;

/** CSS pixels per millimetre (96 px per inch). */
export const PX_PER_MM = 96 / 25.4;

/** PNG resolution used for export (dots per inch). */
export const PNG_DPI = 300;

export function mmToPx(mm: number): number {
  return Math.round(mm * PX_PER_MM);
}
