/**
 * Access to libsvm-js 0.2.1 (libsvm compiled to wasm) beyond its public API, for models that must be
 * reproducible and exact:
 *
 * - Seeding: libsvm draws from C's rand() (Platt scaling's 5-fold split), whose state is a static 64-bit
 *   word in the module's linear memory that no export exposes, so a second training in a process used to
 *   give different probabilities. Its address is read from the wasm code itself (the one `i64.load` that
 *   feeds musl's LCG multiplier 6364136223846793005) and the state is written before each training.
 * - Exact parameters: `serializeModel()` prints rho and probA/probB with 6 significant digits (and takes
 *   about as long as training to print every support vector), so coefficients, rho and probA/probB are
 *   read as doubles from the `svm_model` struct (libsvm 3.2x layout in wasm32); the layout is checked
 *   against the serialised text on the first model of the process.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createRng } from "../util/random";
import { repoPath } from "../util/paths";

/** The emscripten module object of libsvm-js's wasm build (heap views and allocator). */
interface EmscriptenModule {
  HEAP32: Int32Array;
  HEAPU32: Uint32Array;
  HEAPF64: Float64Array;
  printErr: (message: string) => void;
}

/** libsvm-js's SVM class (the subset used here). */
export interface LibsvmSvm {
  model: number;
  train(samples: ArrayLike<number>[], labels: number[]): void;
  serializeModel(): string;
  getSVIndices(): number[];
  getLabels(): number[];
  predictOneProbability(sample: number[]): { prediction: number; estimates: { label: number; probability: number }[] };
  free(): void;
}

export interface LibsvmClass {
  new (options: Record<string, unknown>): LibsvmSvm;
  SVM_TYPES: Record<"C_SVC" | "NU_SVC" | "ONE_CLASS" | "EPSILON_SVR" | "NU_SVR", string>;
  KERNEL_TYPES: Record<"LINEAR" | "POLYNOMIAL" | "RBF" | "SIGMOID" | "PRECOMPUTED", string>;
}

export interface Libsvm {
  SVM: LibsvmClass;
  /** Sets libsvm's rand() state from a seed (the same seed gives the same draws whatever ran before). */
  seedRand(seed: number): void;
  /** Exact doubles of a trained two-class model (throws if they disagree with the serialised text). */
  readBinaryModel(svm: LibsvmSvm): BinaryModelParameters;
}

/** A trained two-class libsvm model: sv_coef in model order, rho, Platt's A/B (NaN without probabilities). */
export interface BinaryModelParameters {
  labels: [number, number];
  svIndices: number[];
  coefficients: number[];
  rho: number;
  probA: number;
  probB: number;
}

/** musl's rand(): seed = 6364136223846793005 · seed + 1. */
const LCG_MULTIPLIER = 6364136223846793005n;

let loading: Promise<Libsvm> | null = null;

/**
 * Loads libsvm-js's wasm build once per process.
 *
 * @example
 * const { SVM, seedRand } = await loadLibsvm();
 * seedRand(1);
 */
export function loadLibsvm(): Promise<Libsvm> {
  if (!loading) loading = load();
  return loading;
}

async function load(): Promise<Libsvm> {
  const req = createRequire(repoPath("package.json"));
  const wasmModule = req("libsvm-js/out/wasm/libsvm") as EmscriptenModule;
  // Node has fetch but no file URLs: emscripten reports its fallback to ArrayBuffer loading; keep quiet about it.
  const printErr = wasmModule.printErr;
  wasmModule.printErr = (message: string) => {
    if (!/^wasm streaming compile failed|^falling back to ArrayBuffer instantiation/.test(String(message))) printErr(message);
  };
  const SVM = (await req("libsvm-js/wasm")) as LibsvmClass;
  const randAddress = findRandStateAddress(readFileSync(req.resolve("libsvm-js/out/wasm/libsvm.wasm")));
  return {
    SVM,
    seedRand(seed: number) {
      const rng = createRng(seed);
      wasmModule.HEAPU32[randAddress / 4] = rng.int(4294967296);
      wasmModule.HEAPU32[randAddress / 4 + 1] = rng.int(4294967296);
    },
    readBinaryModel: (svm) => readBinaryModel(wasmModule, svm),
  };
}

/** Signed LEB128 bytes of a 64-bit integer (wasm's encoding of i64.const). */
function sleb128(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asIntN(64, value);
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/**
 * Address of rand()'s state: every inlined rand() in the wasm code reads it with
 * `i32.const ADDR; i64.load align=3 offset=0; i64.const 6364136223846793005`.
 */
function findRandStateAddress(wasm: Uint8Array): number {
  const tail = [0x29, 0x03, 0x00, 0x42, ...sleb128(LCG_MULTIPLIER)];
  const addresses = new Set<number>();
  for (let pos = 0; pos + tail.length <= wasm.length; pos++) {
    let match = true;
    for (let k = 0; k < tail.length && match; k++) match = wasm[pos + k] === tail[k];
    if (!match) continue;
    for (let len = 1; len <= 5; len++) {
      const start = pos - len - 1;
      if (start < 0 || wasm[start] !== 0x41) continue;
      let value = 0, shift = 0, ok = true;
      for (let k = 0; k < len; k++) {
        const b = wasm[start + 1 + k];
        const last = k === len - 1;
        if (last === ((b & 0x80) !== 0)) ok = false;
        value |= (b & 0x7f) << shift;
        shift += 7;
      }
      if (ok) {
        addresses.add(value >>> 0);
        break;
      }
    }
  }
  if (addresses.size !== 1) {
    throw new Error(`libsvm-js: cannot locate rand()'s state in libsvm.wasm (found ${addresses.size} candidates); this build is not supported`);
  }
  const address = [...addresses][0];
  if (address % 8 !== 0) throw new Error(`libsvm-js: rand()'s state at ${address} is not 8-byte aligned; this build is not supported`);
  return address;
}

/** svm_model in wasm32: svm_parameter (96 bytes), then nr_class, l, SV, sv_coef, rho, probA, probB, sv_indices, label, nSV. */
const MODEL = { gamma: 16, nrClass: 96, l: 100, svCoef: 108, rho: 112, probA: 116, probB: 120, label: 128 };

/** The struct layout is a property of the build: checked against serializeModel() once per process. */
let layoutChecked = false;

function readBinaryModel(wasm: EmscriptenModule, svm: LibsvmSvm): BinaryModelParameters {
  const i32 = (byte: number) => wasm.HEAP32[byte / 4];
  const f64 = (byte: number) => wasm.HEAPF64[byte / 8];
  const m = svm.model;
  const nrClass = i32(m + MODEL.nrClass);
  const l = i32(m + MODEL.l);
  const labelPtr = i32(m + MODEL.label);
  const labels: [number, number] = [i32(labelPtr), i32(labelPtr + 4)];
  const svIndices = svm.getSVIndices();
  if (nrClass !== 2 || l !== svIndices.length || labels.join(" ") !== svm.getLabels().join(" ")) {
    throw new Error(`libsvm-js: model struct not as expected (nr_class ${nrClass}, ${l} SVs); this build is not supported`);
  }
  const coefPtr = i32(i32(m + MODEL.svCoef));
  const coefficients = Array.from(wasm.HEAPF64.subarray(coefPtr / 8, coefPtr / 8 + l));
  const rho = f64(i32(m + MODEL.rho));
  const probAPtr = i32(m + MODEL.probA), probBPtr = i32(m + MODEL.probB);
  const params = { labels, svIndices, coefficients, rho, probA: probAPtr ? f64(probAPtr) : NaN, probB: probBPtr ? f64(probBPtr) : NaN };
  if (!layoutChecked) {
    checkAgainstSerialisation(svm.serializeModel(), params, f64(m + MODEL.gamma));
    layoutChecked = true;
  }
  return params;
}

/** Every number read from memory must equal, to the printed digits, what serializeModel() prints. */
function checkAgainstSerialisation(text: string, params: BinaryModelParameters, gamma: number): void {
  const lines = text.split("\n");
  const svLine = lines.indexOf("SV");
  const header = new Map<string, string>();
  for (const line of lines.slice(0, Math.max(svLine, 0))) {
    const space = line.indexOf(" ");
    header.set(line.slice(0, space), line.slice(space + 1).trim());
  }
  const agrees = (exact: number, printed: string | undefined) =>
    printed !== undefined && Math.abs(exact - Number(printed)) <= 1e-5 * Math.max(1, Math.abs(exact));
  const printedCoefs = lines.slice(svLine + 1, svLine + 1 + params.coefficients.length).map((line) => line.split(" ")[0]);
  const ok =
    svLine >= 0 &&
    header.get("total_sv") === String(params.coefficients.length) &&
    header.get("label") === params.labels.join(" ") &&
    agrees(gamma, header.get("gamma")) &&
    agrees(params.rho, header.get("rho")) &&
    (Number.isNaN(params.probA) || (agrees(params.probA, header.get("probA")) && agrees(params.probB, header.get("probB")))) &&
    params.coefficients.every((c, k) => agrees(c, printedCoefs[k]));
  if (!ok) throw new Error("libsvm-js: model struct read from memory disagrees with serializeModel(); this build is not supported");
}
