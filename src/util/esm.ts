/**
 * Loads an ESM-only package (for example `@itk-wasm/image-io`) from code that may have been compiled to
 * CommonJS: the tslab kernel turns `import` into `require`, which cannot load modules with top-level await.
 * A real dynamic `import()` hidden from the compiler works under tslab, tsx and vitest alike.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const dynamicImport = new Function("specifier", "return import(specifier)") as (s: string) => Promise<any>;

export function importEsm<T = any>(specifier: string): Promise<T> {
  return dynamicImport(specifier) as Promise<T>;
}
