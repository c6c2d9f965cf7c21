/** A typed-array constructor for one pixel component type. */
export type TypedArrayConstructor = {
  new (n: number): ArrayLike<number> & { buffer: ArrayBufferLike; [i: number]: number };
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): ArrayLike<number> & { buffer: ArrayBufferLike; [i: number]: number };
};

/**
 * Typed arrays by the pixel component type names ITK / itk-wasm use ("int16", "uint8", ...): how images are
 * stored on disk, hashed (PyRadiomics hashes the stored bytes) and written.
 */
export const TYPED_ARRAYS: Record<string, TypedArrayConstructor> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/** Value ranges of the integer pixel component types (what an array of that type can hold). */
export const INTEGER_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};
