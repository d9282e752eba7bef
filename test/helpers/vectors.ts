/** Dot product; equals cosine similarity for the L2-normalised vectors embedders return. */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function l2Norm(v: Float32Array): number {
  return Math.sqrt(dot(v, v));
}

/** Largest absolute difference between two vectors of equal length. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
