/**
 * Executed notebooks as a reviewer opens them: served by Jupyter Notebook with no trust step, and as the static
 * HTML copy, in headless Chromium; the figures must be images of readable size (at least 600 px wide in a
 * 1,400 px window).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath } from "../../src/plots/export";
import { repoPath } from "../../src/util/paths";

const dir = mkdtempSync(join(tmpdir(), "alnm-view-"));
const out = join(dir, "out");
let server: ChildProcess | undefined;
let port = 0;
let browser: { newPage(o: object): Promise<any>; close(): Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** Size in CSS pixels of every figure image (img, or inline svg) in the page's output areas. */
async function figureBoxes(page: any, selector: string): Promise<{ width: number; height: number }[]> {
  return page.$$eval(selector, (els: { getBoundingClientRect(): { width: number; height: number } }[]) =>
    els.map((e) => ({ width: e.getBoundingClientRect().width, height: e.getBoundingClientRect().height })),
  );
}

/** Readable: at least 600 px wide, and drawn at its shape (not squashed to a strip). */
function expectReadable(boxes: { width: number; height: number }[]): void {
  for (const b of boxes) {
    expect(b.width).toBeGreaterThanOrEqual(600);
    expect(b.height).toBeGreaterThan(0.4 * b.width);
  }
}

beforeAll(async () => {
  const notebooks = join(dir, "notebooks");
  mkdirSync(notebooks);
  symlinkSync(repoPath("src"), join(notebooks, "src"));
  const cells = [
    { cell_type: "markdown", id: "m", metadata: {}, source: "# 01 · Scratch figure" },
    {
      cell_type: "code", id: "c", metadata: {}, outputs: [], execution_count: null,
      source: 'import { openNotebook } from "./src/notebook/session";\nimport { groupedBars } from "./src/plots/charts";\nawait openNotebook("01-scratch").figure("bars", groupedBars(["a", "b"], { n: [1, 2] }, { yTitle: "Patients" }));',
    },
  ];
  writeFileSync(join(notebooks, "01-scratch.ipynb"), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }));
  const run = spawnSync(process.execPath, [repoPath("bin/alnm.mjs"), "reproduce"], {
    cwd: repoPath(), encoding: "utf8", env: { ...process.env, ALNM_NOTEBOOKS: notebooks, ALNM_OUTPUT: out, ALNM_ROOT: repoPath() },
  });
  if (run.status !== 0) throw new Error(`alnm reproduce failed: ${run.stderr.slice(-2000)}`);
  port = await freePort();
  server = spawn("/usr/bin/python3", ["-m", "jupyter", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", `--port=${port}`,
    "--NotebookApp.token=", "--NotebookApp.password=", `--notebook-dir=${join(out, "build", "notebooks")}`], { stdio: "ignore", env: { ...process.env, JUPYTER_RUNTIME_DIR: join(dir, "runtime") } });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/api`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const { chromium } = createRequire(repoPath("package.json"))("playwright-core");
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--headless", "--no-sandbox", "--disable-gpu"] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  server?.kill();
});

describe("executed notebooks show their figures wherever they are opened", () => {
  it("each figure output carries a PNG (renders untrusted) beside the SVG and the plotly spec", () => {
    const nb = JSON.parse(readFileSync(join(out, "build", "notebooks", "01-scratch.ipynb"), "utf8"));
    const data = nb.cells[1].outputs.find((o: { output_type: string }) => o.output_type === "display_data").data;
    expect(Object.keys(data).sort()).toEqual(["application/vnd.plotly.v1+json", "image/png", "image/svg+xml", "text/plain"]);
    expect(Buffer.from(data["image/png"], "base64").subarray(1, 4).toString()).toBe("PNG");
    expect(data["image/svg+xml"]).toMatch(/^<svg [^>]*width="100%"[^>]*style="width:100%;height:auto;aspect-ratio:\d+ \/ \d+"/);
  });

  it("Jupyter Notebook, untrusted, shows the figure as an image at least 600 px wide", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`http://127.0.0.1:${port}/notebooks/01-scratch.ipynb`);
    await page.waitForSelector("div.output_area img", { timeout: 30_000 });
    const boxes = await figureBoxes(page, "div.output_area img");
    expect(boxes.length).toBe(1);
    expectReadable(boxes);
  }, 60_000);

  it("the static HTML index links every notebook, whose figures are visible at least 600 px wide", async () => {
    const html = join(out, "build", "html");
    expect(existsSync(join(html, "index.html"))).toBe(true);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`file://${join(html, "index.html")}`);
    const links: string[] = await page.$$eval("a", (as: { getAttribute(name: string): string | null }[]) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual(["01-scratch.html"]);
    await page.click("a");
    await page.waitForLoadState();
    const boxes = await figureBoxes(page, ".jp-OutputArea-output svg.main-svg, .jp-OutputArea-output img, .output_area svg.main-svg, .output_area img");
    expect(boxes.length).toBeGreaterThanOrEqual(1);
    expectReadable(boxes);
  }, 60_000);
});
