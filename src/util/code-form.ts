/**
 * Which form of this code is running. In the TypeScript sources (run by tsx, vitest or the tslab kernel) it is
 * "source"; scripts/build-dist.mjs replaces this module in dist/ by one saying "compiled" and giving the package
 * root from `import.meta.url` (which the sources cannot use: tslab compiles them to CommonJS).
 */
export const CODE_FORM = "source" as "source" | "compiled";

/** The package root of the compiled code (the folder holding dist/); undefined in the sources. */
export const COMPILED_PACKAGE_ROOT = undefined as string | undefined;
