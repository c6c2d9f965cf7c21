/**
 * PyRadiomics' `Gradient` image type: SimpleITK's GradientMagnitudeImageFilter (float32 output).
 * ITK takes central differences g_d = 0.5 / s_d * (x[i+1] - x[i-1]) along each axis d (s_d = the spacing when
 * UseImageSpacing, PyRadiomics' `gradientUseSpacing`, default true; else 1), repeating the edge voxel beyond the image
 * (zero-flux Neumann boundary), and returns sqrt(g_x^2 + g_y^2 + g_z^2) rounded to float32.
 */
import type { Volume } from "../image";

/**
 * The gradient magnitude image.
 *
 * @example
 * const g = gradientMagnitude(vol, true); // physical units (intensity per mm)
 */
export function gradientMagnitude(image: Volume, useSpacing: boolean): Volume {
  const { size } = image;
  const stride = [1, size[0], size[0] * size[1]];
  // ITK scales the derivative operator's coefficients (+-0.5) by 1 / spacing.
  const coefficient = [0, 1, 2].map((d) => 0.5 * (useSpacing ? 1 / image.spacing[d] : 1));
  const out = new Float64Array(image.data.length);
  const x = image.data;
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      for (let i = 0; i < size[0]; i++) {
        const at = i + stride[1] * j + stride[2] * k;
        const index = [i, j, k];
        let sum = 0;
        for (let d = 0; d < 3; d++) {
          const before = index[d] > 0 ? at - stride[d] : at;
          const after = index[d] < size[d] - 1 ? at + stride[d] : at;
          const g = -coefficient[d] * x[before] + coefficient[d] * x[after];
          sum += g * g;
        }
        out[at] = Math.fround(Math.sqrt(sum));
      }
    }
  }
  return { ...image, data: out, pixelType: "float32" };
}
