#!/usr/bin/python3
"""Reference images for the LBP2D and LBP3D image types, from Debian's python3-skimage and python3-scipy.

Usage: filter-reference.py <input.nrrd> <mask.nrrd> <out-dir>

Reads a gzip NRRD (the int16 image and uint8 mask written by scripts/make-filter-fixtures.ts) and writes, as gzip
NRRD float64 on the same grid:
- lbp2d-<method>-r<R>-p<P>-axis<a>.nrrd: skimage.feature.local_binary_pattern on every slice across numpy axis a,
  written back into the image's int16 array as PyRadiomics' getLBP2DImage does ("var": into a float64 copy);
- square.nrrd, squareroot.nrrd, logarithm.nrrd, exponential.nrrd: PyRadiomics' numpy expressions of
  getSquareImage, getSquareRootImage, getLogarithmImage and getExponentialImage;
- lbp3d-m1.nrrd, lbp3d-m2.nrrd, lbp3d-k.nrrd: PyRadiomics' getLBP3DImage steps (levels 2, radius 1, subdivision 1)
  written out with scipy's map_coordinates (order 3), sph_harm and stats.kurtosis. trimesh is not packaged by
  Debian, so the icosphere's vertices are built here (icosahedron, edge midpoints projected onto the sphere), which
  is the vertex set of trimesh.creation.icosphere. Voxels outside the ROI are 0.
"""
import gzip
import sys

import numpy as np
from scipy.ndimage import map_coordinates
from scipy.special import sph_harm
from scipy.stats import kurtosis
from skimage.feature import local_binary_pattern

NRRD_TYPES = {"short": np.int16, "uchar": np.uint8, "double": np.float64, "float": np.float32}


def read_nrrd(path):
    """A gzip or raw NRRD as a numpy (z, y, x) array plus its header lines (kept for writing)."""
    data = open(path, "rb").read()
    head, body = data.split(b"\n\n", 1)
    fields = dict(line.split(": ", 1) for line in head.decode().splitlines()[1:] if ": " in line)
    size = [int(s) for s in fields["sizes"].split()]
    raw = gzip.decompress(body) if fields["encoding"] == "gzip" else body
    array = np.frombuffer(raw, dtype=np.dtype(NRRD_TYPES[fields["type"]]).newbyteorder("<"))
    return array.reshape(size[::-1]).copy(), fields


def write_nrrd(path, array, fields):
    """Writes a float64 (z, y, x) array as gzip NRRD with the input's geometry."""
    z, y, x = array.shape
    header = (
        "NRRD0004\ntype: double\ndimension: 3\nspace: left-posterior-superior\n"
        f"sizes: {x} {y} {z}\nspace directions: {fields['space directions']}\nkinds: domain domain domain\n"
        f"endian: little\nencoding: gzip\nspace origin: {fields['space origin']}\n\n"
    )
    body = gzip.compress(array.astype("<f8").tobytes(), compresslevel=6, mtime=0)
    open(path, "wb").write(header.encode() + body)


def lbp2d(image, method, radius, samples, axis):
    """PyRadiomics' getLBP2DImage for a 3D array: slice by slice across `axis`, stored in the image's own dtype."""
    arr = image.copy().swapaxes(0, axis)
    for idx in range(arr.shape[0]):
        arr[idx, ...] = local_binary_pattern(arr[idx, ...], P=samples, R=radius, method=method)
    return arr.swapaxes(0, axis).astype(np.float64)


def intensity_images(image):
    """PyRadiomics' Square, SquareRoot, Logarithm and Exponential images, by its numpy steps (float64)."""
    im = image.astype("float64")
    out = {}
    out["square"] = (1 / np.sqrt(np.max(np.abs(im))) * im) ** 2
    root = im.copy()
    coeff = np.max(np.abs(im))
    root[root > 0] = np.sqrt(root[root > 0] * coeff)
    root[root < 0] = -np.sqrt(-root[root < 0] * coeff)
    out["squareroot"] = root
    log = im.copy()
    log[log > 0] = np.log(log[log > 0] + 1)
    log[log < 0] = -np.log(-(log[log < 0] - 1))
    out["logarithm"] = log * (coeff / np.max(np.abs(log)))
    out["exponential"] = np.exp(np.log(coeff) / coeff * im)
    return out


def icosphere(subdivisions, radius):
    t = (1 + np.sqrt(5)) / 2
    verts = [np.array(v, float) / np.linalg.norm(v) for v in
             [[-1, t, 0], [1, t, 0], [-1, -t, 0], [1, -t, 0], [0, -1, t], [0, 1, t],
              [0, -1, -t], [0, 1, -t], [t, 0, -1], [t, 0, 1], [-t, 0, -1], [-t, 0, 1]]]
    faces = [[0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9], [5, 11, 4], [11, 10, 2],
             [10, 7, 6], [7, 1, 8], [3, 9, 4], [3, 4, 2], [3, 2, 6], [3, 6, 8], [3, 8, 9], [4, 9, 5], [2, 4, 11],
             [6, 2, 10], [8, 6, 7], [9, 8, 1]]
    for _ in range(subdivisions):
        cache = {}

        def mid(a, b):
            key = (min(a, b), max(a, b))
            if key not in cache:
                m = verts[a] + verts[b]
                cache[key] = len(verts)
                verts.append(m / np.linalg.norm(m))
            return cache[key]

        faces = [f for a, b, c in faces for f in
                 ([a, mid(a, b), mid(c, a)], [b, mid(b, c), mid(a, b)], [c, mid(c, a), mid(b, c)],
                  [mid(a, b), mid(b, c), mid(c, a)])]
    return np.array(verts) * radius


def lbp3d(image, mask, levels=2, radius=1.0, subdivision=1, label=1):
    """PyRadiomics' getLBP3DImage steps, returning [m1 .. m<levels>, k] as float64 arrays (0 outside the ROI)."""
    coords_ico = icosphere(subdivision, radius)
    theta = np.arccos(np.true_divide(coords_ico[:, 2], radius))
    phi = np.arctan2(coords_ico[:, 1], coords_ico[:, 0])
    Y = sph_harm(0, 0, theta, phi)
    n_ix = np.array(0)
    for n in range(1, levels):
        for m in range(-n, n + 1):
            n_ix = np.append(n_ix, n)
            Y = np.column_stack((Y, sph_harm(m, n, theta, phi)))
    roi = np.where(mask == label)
    coords = np.array(roi).T[None, :, :] + coords_ico[:, None, :]
    f = map_coordinates(image, coords.T, order=3)
    k = kurtosis(f, axis=1)
    centroids = image[roi]
    f = np.greater_equal(f, centroids[:, None]).astype(int)
    c = np.multiply(f[:, :, None], Y[None, :, :]).sum(axis=1)
    f = np.multiply(c[:, None, n_ix == 0], Y[None, :, n_ix == 0])
    for n in range(1, levels):
        f = np.concatenate((f, np.sum(np.multiply(c[:, None, n_ix == n], Y[None, :, n_ix == n]), axis=2, keepdims=True)), axis=2)
    f = np.real(np.sqrt(np.sum(f ** 2, axis=1)))
    out = []
    for level in range(levels):
        result = np.zeros(image.shape)
        result[roi] = f[:, level]
        out.append(result)
    result = np.zeros(image.shape)
    result[roi] = np.real(k)
    out.append(result)
    return out


def main():
    image, fields = read_nrrd(sys.argv[1])
    mask, _ = read_nrrd(sys.argv[2])
    out = sys.argv[3]
    for method, radius, samples, axis in [("uniform", 1, 8, 0), ("default", 2, 12, 1), ("ror", 1.5, 8, 2)]:
        write_nrrd(f"{out}/lbp2d-{method}-r{radius}-p{samples}-axis{axis}.nrrd", lbp2d(image, method, radius, samples, axis), fields)
    # "var" gives variances an int16 array cannot hold (PyRadiomics would store overflowed numbers): on float64.
    write_nrrd(f"{out}/lbp2d-var-r1-p8-axis0-float.nrrd", lbp2d(image.astype(np.float64), "var", 1, 8, 0), fields)
    for name, array in intensity_images(image).items():
        write_nrrd(f"{out}/{name}.nrrd", array, fields)
    m1, m2, k = lbp3d(image, mask)
    for name, array in [("m1", m1), ("m2", m2), ("k", k)]:
        write_nrrd(f"{out}/lbp3d-{name}.nrrd", array, fields)


if __name__ == "__main__":
    main()
