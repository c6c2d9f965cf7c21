/**
 * Volume and surface area of the convex hull of a point set on an integer lattice (mesh vertices in half-voxel
 * units), built incrementally with exact integer orientation tests: a point on or below every face is inside, so
 * coplanar lattice points need no special care. `scale` converts lattice units to mm per axis (the hull of
 * scaled points is the scaled hull). Null when the points span no volume (a flat ROI).
 */
export function convexHull(keys: Int32Array, scale: readonly [number, number, number]): { volume: number; area: number } | null {
  const pts = extremePoints(keys);
  const n = pts.length / 3;
  if (n < 4) return null;
  const P = (k: number) => [pts[3 * k], pts[3 * k + 1], pts[3 * k + 2]];
  const orient = (a: number, b: number, c: number, d: number) => {
    const [ax, ay, az] = P(a);
    const bx = pts[3 * b] - ax, by = pts[3 * b + 1] - ay, bz = pts[3 * b + 2] - az;
    const cx = pts[3 * c] - ax, cy = pts[3 * c + 1] - ay, cz = pts[3 * c + 2] - az;
    const dx = pts[3 * d] - ax, dy = pts[3 * d + 1] - ay, dz = pts[3 * d + 2] - az;
    return bx * (cy * dz - cz * dy) - by * (cx * dz - cz * dx) + bz * (cx * dy - cy * dx);
  };
  const start = initialTetrahedron(n, pts, orient);
  if (!start) return null;
  const [a, b, c, d] = start;
  // Every face oriented so that the tetrahedron's fourth vertex lies below it.
  let faces: number[][] = [[a, b, c, d], [a, b, d, c], [a, c, d, b], [b, c, d, a]].map(([u, v, w, x]) => (orient(u, v, w, x) > 0 ? [u, w, v] : [u, v, w]));
  for (let p = 0; p < n; p++) {
    if (p === a || p === b || p === c || p === d) continue;
    const visible: number[][] = [];
    const kept: number[][] = [];
    for (const f of faces) (orient(f[0], f[1], f[2], p) > 0 ? visible : kept).push(f);
    if (!visible.length) continue;
    const edges = new Set<string>();
    for (const f of visible) for (let e = 0; e < 3; e++) edges.add(`${f[e]},${f[(e + 1) % 3]}`);
    for (const f of visible) {
      for (let e = 0; e < 3; e++) {
        const u = f[e];
        const v = f[(e + 1) % 3];
        if (!edges.has(`${v},${u}`)) kept.push([u, v, p]);
      }
    }
    faces = kept;
  }
  let volume = 0;
  let area = 0;
  const mm = (k: number) => [pts[3 * k] * scale[0], pts[3 * k + 1] * scale[1], pts[3 * k + 2] * scale[2]];
  for (const f of faces) {
    const [p0, p1, p2] = f.map(mm);
    const u = [p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]];
    const v = [p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2]];
    const cr = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    area += 0.5 * Math.hypot(cr[0], cr[1], cr[2]);
    volume += (p0[0] * cr[0] + p0[1] * cr[1] + p0[2] * cr[2]) / 6;
  }
  return { volume: Math.abs(volume), area };
}

/** Keeps, on every lattice line along the last axis, only its two end points (the others cannot be hull vertices). */
function extremePoints(keys: Int32Array): Int32Array {
  const ends = new Map<string, [number, number, number, number]>();
  for (let k = 0; k < keys.length; k += 3) {
    const line = `${keys[k]},${keys[k + 1]}`;
    const e = ends.get(line);
    if (!e) ends.set(line, [keys[k], keys[k + 1], keys[k + 2], keys[k + 2]]);
    else (e[2] = Math.min(e[2], keys[k + 2])), (e[3] = Math.max(e[3], keys[k + 2]));
  }
  const out: number[] = [];
  for (const [z, y, lo, hi] of ends.values()) {
    out.push(z, y, lo);
    if (hi !== lo) out.push(z, y, hi);
  }
  return Int32Array.from(out);
}

/** Four points spanning a volume, or null when all points are coplanar. */
function initialTetrahedron(n: number, pts: Int32Array, orient: (a: number, b: number, c: number, d: number) => number): [number, number, number, number] | null {
  const d2 = (i: number, j: number) => (pts[3 * i] - pts[3 * j]) ** 2 + (pts[3 * i + 1] - pts[3 * j + 1]) ** 2 + (pts[3 * i + 2] - pts[3 * j + 2]) ** 2;
  let b = 0;
  for (let k = 1; k < n; k++) if (d2(0, k) > d2(0, b)) b = k;
  if (b === 0) return null;
  let c = -1;
  let best = 0;
  for (let k = 0; k < n; k++) {
    const u = [pts[3 * b] - pts[0], pts[3 * b + 1] - pts[1], pts[3 * b + 2] - pts[2]];
    const v = [pts[3 * k] - pts[0], pts[3 * k + 1] - pts[1], pts[3 * k + 2] - pts[2]];
    const cr = (u[1] * v[2] - u[2] * v[1]) ** 2 + (u[2] * v[0] - u[0] * v[2]) ** 2 + (u[0] * v[1] - u[1] * v[0]) ** 2;
    if (cr > best) (best = cr), (c = k);
  }
  if (c < 0) return null;
  let d = -1;
  best = 0;
  for (let k = 0; k < n; k++) {
    const o = Math.abs(orient(0, b, c, k));
    if (o > best) (best = o), (d = k);
  }
  return d < 0 ? null : [0, b, c, d];
}
