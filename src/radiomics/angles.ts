/**
 * Neighbour offsets ("angles") for texture matrices, generated in PyRadiomics' order: offsets are
 * (dz, dy, dx) triples (numpy axis order), enumerated from (+d, +d, +d) downwards with x varying fastest;
 * an offset is kept when its infinity norm is one of `distances`, it fits inside the image (|offset| < size
 * along each axis) and, with force2D, it does not move along `force2Ddimension`.
 * Unidirectional sets (GLCM, GLRLM) keep the first half, i.e. one offset of each +/- pair.
 *
 * @example
 * generateAngles([10, 10, 10], [1], -1, false).length / 3; // 13
 * generateAngles([10, 10, 10], [1], 0, true).length / 3;   // 8 (in-plane neighbours)
 */
export function generateAngles(
  sizeZyx: [number, number, number],
  distances: number[],
  force2Ddimension: number,
  bidirectional: boolean,
): Int32Array {
  const maxDistance = Math.max(...distances);
  const n = 2 * maxDistance + 1;
  const out: number[] = [];
  for (let a = 0; a < n * n * n; a++) {
    const offsets = [maxDistance - Math.floor(a / (n * n)) % n, maxDistance - Math.floor(a / n) % n, maxDistance - (a % n)];
    let dist = 0;
    let valid = true;
    for (let d = 0; d < 3; d++) {
      const o = offsets[d];
      if ((d === force2Ddimension && o !== 0) || o >= sizeZyx[d] || o <= -sizeZyx[d]) {
        valid = false;
        break;
      }
      dist = Math.max(dist, Math.abs(o));
    }
    if (valid && dist > 0 && distances.includes(dist)) out.push(offsets[0], offsets[1], offsets[2]);
  }
  const count = out.length / 3;
  return Int32Array.from(bidirectional ? out : out.slice(0, (count >> 1) * 3));
}
