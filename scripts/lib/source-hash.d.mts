/** SHA-256 (hex) of everything dist/ is compiled from under the repository `root` (see source-hash.mjs). */
export function sourceHash(root: string): string;
