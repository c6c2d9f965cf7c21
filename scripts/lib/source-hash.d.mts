/** SHA-256 (hex) of everything dist/ is compiled from under the repository `root` (see source-hash.mjs). */
export function sourceHash(root: string): string;
/** Size and modification time of every build input: `{ "<path>": [bytes, mtimeMs] }`. */
export function sourceStamps(root: string): Record<string, [number, number]>;
/** Whether dist/ (its build-info.json `info`) was built from the sources as they are: stamps first, else the hash. */
export function builtFromCurrentSources(root: string, info: { sourceHash: string; stamps?: Record<string, [number, number]> }): boolean;
