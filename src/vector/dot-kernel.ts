/**
 * A WebAssembly SIMD kernel for the exact re-rank (src/vector/exact.ts): the dot product of the
 * query with each listed row of the matrix, computed exactly as `dotRow` does in JS — float32
 * values widened to float64, four float64 sums over dims j ≡ 0, 1, 2, 3 (mod 4), the leftover
 * dims into the first, then ((s0 + s1) + s2) + s3 — so its scores are bit-identical to the JS
 * ones (WebAssembly never fuses a multiply-add). The sums live in two f64x2 lanes; ~3× faster
 * than V8's code for the JS loop (measured).
 *
 * Memory layout (the caller owns it): the matrix rows at 0 (row r at r · 4 · dims), the query as
 * float64 at `queryOff`, `n` int32 row numbers at `listOff`, one float64 score per row written at
 * `outOff`.
 */

import { F64, I32, OP as BASE, V128, instantiate, moduleBytes, simd, uleb, vec } from './wasm-asm.js';

export type DotFn = (listOff: number, n: number, queryOff: number, outOff: number) => void;

const OP = {
  ...BASE,
  load: (offset: number) => simd(0x00, 4, ...uleb(offset)),
  load64Zero: (offset: number) => simd(0x5d, 3, ...uleb(offset)),
  const0: simd(0x0c, ...new Array(16).fill(0)),
  promoteLow: simd(0x5f),
  addF64x2: simd(0xf0),
  mulF64x2: simd(0xf2),
  lane: (i: number) => simd(0x21, i),
  loadI32: [0x28, 2, 0],
  loadF32: (offset: number) => [0x2a, 2, ...uleb(offset)],
  loadF64: (offset: number) => [0x2b, 3, ...uleb(offset)],
  storeF64: [0x39, 3, 0],
  promoteF32: [0xbb],
  addF64: [0xa0],
  mulF64: [0xa2],
  mulI32: [0x6c],
};

/** The module bytes for rows of `dims` float32 values (the loop over dims fully unrolled). */
export function dotKernelBytes(dims: number): Uint8Array<ArrayBuffer> {
  // Params: 0 listOff, 1 n, 2 queryOff, 3 outOff. Locals: 4 base (i32), 5 acc01, 6 acc23 (v128), 7 s (f64).
  const [list, n, query, out, base, acc01, acc23, s] = [0, 1, 2, 3, 4, 5, 6, 7];
  const quads = Math.floor(dims / 4);
  const row: number[] = [...OP.get(list), ...OP.loadI32, ...OP.i32(4 * dims), ...OP.mulI32, ...OP.set(base)];
  row.push(...OP.const0, ...OP.set(acc01), ...OP.const0, ...OP.set(acc23));
  for (let c = 0; c < quads; c++) {
    for (const [acc, half] of [
      [acc01, 0],
      [acc23, 1],
    ]) {
      row.push(...OP.get(acc), ...OP.get(base), ...OP.load64Zero(16 * c + 8 * half), ...OP.promoteLow);
      row.push(...OP.get(query), ...OP.load(32 * c + 16 * half), ...OP.mulF64x2, ...OP.addF64x2, ...OP.set(acc));
    }
  }
  row.push(...OP.get(acc01), ...OP.lane(0), ...OP.set(s));
  for (let j = 4 * quads; j < dims; j++) {
    row.push(
      ...OP.get(s),
      ...OP.get(base),
      ...OP.loadF32(4 * j),
      ...OP.promoteF32,
      ...OP.get(query),
      ...OP.loadF64(8 * j),
      ...OP.mulF64,
      ...OP.addF64,
      ...OP.set(s),
    );
  }
  row.push(...OP.get(out), ...OP.get(s), ...OP.get(acc01), ...OP.lane(1), ...OP.addF64);
  row.push(
    ...OP.get(acc23),
    ...OP.lane(0),
    ...OP.addF64,
    ...OP.get(acc23),
    ...OP.lane(1),
    ...OP.addF64,
    ...OP.storeF64,
  );
  // Advance: list += 4, out += 8, n -= 1; loop while n != 0.
  row.push(...OP.get(list), ...OP.i32(4), ...OP.addI32, ...OP.set(list));
  row.push(...OP.get(out), ...OP.i32(8), ...OP.addI32, ...OP.set(out));
  row.push(...OP.get(n), ...OP.i32(1), ...OP.subI32, ...OP.tee(n), 0x0d, 0); // br_if 0 → loop
  const body = [
    ...vec([
      [1, I32],
      [2, V128],
      [1, F64],
    ]),
    ...OP.get(n),
    0x45,
    0x04,
    0x40,
    0x0f,
    0x0b, // if n == 0: return
    0x03,
    0x40,
    ...row,
    0x0b, // loop … end
    0x0b,
  ];
  return moduleBytes('dot', [I32, I32, I32, I32], body);
}

/** Instantiates the kernel over `memory`; null where WebAssembly SIMD is unavailable (the caller loops in JS). */
export function dotKernel(memory: WebAssembly.Memory, dims: number): DotFn | null {
  try {
    return instantiate<DotFn>(`dot-${dims}`, () => dotKernelBytes(dims), memory, 'dot');
  } catch {
    return null;
  }
}
