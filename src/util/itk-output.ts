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
let original = { out: process.stdout.write, err: process.stderr.write };

function hold(): void {
  if (active++ > 0) return;
  // Whatever writes are in place now (a test runner's or a kernel's) are the ones restored.
  original = { out: process.stdout.write, err: process.stderr.write };
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      held.push({ stream, chunk: typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8") });
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  }
}

/** Stops holding when the last caller is done; returns what was held (none for an inner caller). */
function release(): { stream: NodeJS.WriteStream; chunk: string }[] {
  if (--active > 0) return [];
  process.stdout.write = original.out;
  process.stderr.write = original.err;
  const released = held;
  held = [];
  return released;
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
  // Kept as two variables, not a union: the notebooks' TypeScript (tslab) does not narrow unions without strict null checks.
  let value: T | undefined;
  let failure: { error: unknown } | undefined;
  try {
    value = await call();
  } catch (error) {
    failure = { error };
  }
  const released = release();
  if (!failure) {
    for (const h of released) h.stream.write(h.chunk);
    return value as T;
  }
  const text = released.map((h) => h.chunk).join("");
  const said = [...new Set(text.split("\n").map((l) => l.replace(/^(stdout|stderr):/, "").trim()).filter((l) => l !== "" && !SCAFFOLDING.test(l)))].join(" ");
  const thrown = failure.error instanceof Error ? failure.error.message : typeof failure.error === "number" ? "" : String(failure.error);
  throw new Error(said || thrown || "itk-wasm failed without a message");
}
