import { FONT_FAMILY, PALETTE, WIDTH_MM, mmToPx, type FigureWidth } from "./theme";

/** A plotly figure specification: plain JSON, renderable by plotly.js anywhere. */
export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

export interface StyleOptions {
  /** Journal width: single column, 1.5 column or double column. */
  width?: FigureWidth;
  /** Height in millimetres (default: 0.8 x width for single, 0.5 x width for double). */
  heightMm?: number;
  title?: string;
}

/**
 * Applies the house style to a figure: fixed pixel size from the journal width, readable font sizes
 * (8-10 pt at print size), the colour-blind-safe palette, white background, no plotly logo.
 *
 * @example
 * const fig = styleFigure({ data: [{ type: "scatter", x: [0, 1], y: [0, 1] }], layout: {} }, { width: "single" });
 */
export function styleFigure(fig: Figure, options: StyleOptions = {}): Figure {
  const width = options.width ?? "single";
  const widthMm = WIDTH_MM[width];
  const heightMm = options.heightMm ?? (width === "single" ? widthMm * 0.8 : widthMm * 0.5);
  const axisStyle = { showline: true, linecolor: "#222222", ticks: "outside", zeroline: false, gridcolor: "#EEEEEE" };
  const layout: Record<string, unknown> = {
    font: { family: FONT_FAMILY, size: 11, color: "#222222" },
    colorway: [...PALETTE],
    paper_bgcolor: "#FFFFFF",
    plot_bgcolor: "#FFFFFF",
    margin: { l: 56, r: 16, t: options.title ? 36 : 16, b: 48 },
    legend: { font: { size: 10 }, bgcolor: "rgba(255,255,255,0.8)" },
    xaxis: axisStyle,
    yaxis: axisStyle,
  };
  // Every axis (xaxis, yaxis2, ...) starts from the house axis style; the figure's own keys win.
  for (const [key, value] of Object.entries(fig.layout)) {
    layout[key] = /^[xy]axis\d*$/.test(key) ? { ...axisStyle, ...(value as object) } : value;
  }
  layout.width = mmToPx(widthMm);
  layout.height = mmToPx(heightMm);
  if (options.title) layout.title = { text: options.title, font: { size: 12 }, x: 0.02, xanchor: "left" };
  return { data: fig.data, layout };
}
