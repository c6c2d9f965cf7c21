/**
 * itk-wasm pipelines print to the process' stdout and stderr: on failure a C++ reader's complaint, then
 * "Exception while running pipeline", "Build module in Debug mode ..." and a bare number as the thrown error. That
 * noise would land between a command's output (e.g. `alnm extract`'s JSON on stdout) and its message. This runs a
 * pipeline with both streams held back: on success what was held is written out unchanged; on failure the reader's
 * own lines become the error's message, and itk-wasm's scaffolding lines are dropped.
 */

/** Lines itk-wasm adds around a failing pipeline, which say nothing about the file. */
const SCAFFOLDING = /^(Exception while running pipeline:|Build module in Debug mode|exception:)/;

let active = 0;
let held: { stream: NodeJS.WriteStream; chunk: string }[] = [];
const original = { out: process.stdout.write, err: process.stderr.write };

function hold(): void {
  if (active++ > 0) return;
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      held.push({ stream, chunk: typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8") });
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  }
}

function release(): string {
  if (--active > 0) return "";
  process.stdout.write = original.out;
  process.stderr.write = original.err;
  const text = held.map((h) => h.chunk).join("");
  const released = held;
  held = [];
  return Object.assign(text, { released }) as string & { released: typeof released };
}

/**
 * Runs an itk-wasm call with its console output held back. Throws an Error whose message is the reader's own
 * complaint (e.g. "MetaImage: M_ReadElementsData: data not read completely ideal = 128 : actual = 20"), or the thrown
 * value's message when there is none.
 *
 * @example
 * const image = await quietItk(() => io.readImageNode(path)); // throws Error("MetaImage: ...") on a truncated .mha
 */
export async function quietItk<T>(call: () => Promise<T>): Promise<T> {
  hold();
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await call() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const text = release() as string & { released?: { stream: NodeJS.WriteStream; chunk: string }[] };
  if (outcome.ok) {
    for (const h of text.released ?? []) h.stream.write(h.chunk);
    return outcome.value;
  }
  const said = [...new Set(text.split("\n").map((l) => l.replace(/^(stdout|stderr):/, "").trim()).filter((l) => l !== "" && !SCAFFOLDING.test(l)))].join(" ");
  const thrown = outcome.error instanceof Error ? outcome.error.message : typeof outcome.error === "number" ? "" : String(outcome.error);
  throw new Error(said || thrown || "itk-wasm failed without a message");
}
