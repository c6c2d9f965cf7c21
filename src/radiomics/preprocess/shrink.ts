import type { Volume } from "../image";

/**
 * Subsamples a volume by an integer factor per axis, as ITK's ShrinkImageFilter: output size
 * floor(n / f) (at least 1), spacing s f, physical centre of the image kept, and output voxel j taking the
 * input voxel j f + o, where o is the input index nearest (half up) to the output origin.
 *
 * @example
 * const small = shrinkVolume(image, 4); // 256 x 256 x 64 -> 64 x 64 x 16
 */
export function shrinkVolume(image: Volume, factor: number | [number, number, number]): Volume {
  const f = typeof factor === "number" ? [factor, factor, factor] : factor;
  for (const v of f) if (!Number.isInteger(v) || v < 1) throw new Error(`shrink factor must be a positive integer (got ${v})`);
  const size = image.size.map((n, d) => Math.max(1, Math.floor(n / f[d]))) as [number, number, number];
  const spacing = image.spacing.map((s, d) => s * f[d]) as [number, number, number];
  const dir = image.direction;
  // Output origin keeps the physical centre: origin + D (s_in (n_in - 1) / 2 - s_out (n_out - 1) / 2).
  const shift = [0, 1, 2].map((d) => image.spacing[d] * ((image.size[d] - 1) / 2) - spacing[d] * ((size[d] - 1) / 2));
  const origin = [0, 1, 2].map((r) => image.origin[r] + dir[3 * r] * shift[0] + dir[3 * r + 1] * shift[1] + dir[3 * r + 2] * shift[2]) as [
    number,
    number,
    number,
  ];
  // Input index of output voxel 0: the physical origin mapped back (D^T since D is orthonormal), rounded half up.
  const delta = [0, 1, 2].map((d) => origin[d] - image.origin[d]);
  const offset = [0, 1, 2].map((c) => {
    const along = dir[c] * delta[0] + dir[3 + c] * delta[1] + dir[6 + c] * delta[2];
    return Math.max(0, Math.floor(along / image.spacing[c] + 0.5));
  });
  const [nx, ny] = image.size;
  const data = new Float64Array(size[0] * size[1] * size[2]);
  let k = 0;
  for (let z = 0; z < size[2]; z++) {
    const iz = z * f[2] + offset[2];
    for (let y = 0; y < size[1]; y++) {
      const row = nx * (y * f[1] + offset[1] + ny * iz);
      for (let x = 0; x < size[0]; x++) data[k++] = image.data[row + x * f[0] + offset[0]];
    }
  }
  return { data, size, spacing, origin, direction: image.direction.slice(), pixelType: image.pixelType };
}
