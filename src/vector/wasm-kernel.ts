/**
 * A WebAssembly SIMD kernel for the ternary pre-filter, assembled here from its opcodes (a
 * few hundred bytes; no toolchain, no native dependency). For each row it computes
 * S = Σ_j t_j · u_j, where t ∈ {−1,0,+1}^d is the row's ternary code (a + plane and a − plane)
 * and u ∈ [0, 2^planes) is the query quantised to `planes` bits, bit-sliced into planes:
 * S = Σ_b 2^b · (popcnt(pos ∧ U_b) − popcnt(neg ∧ U_b)), 16 bytes at a time.
 *
 * Memory layout (the caller owns it): query planes at `queryOff` (plane b at b · stride),
 * rows at `codesOff` (each row: + plane then − plane, `stride` bytes each, stride = 16 · chunks),
 * one int32 per row written at `outOff`.
 */

import { OP as BASE, F64, V128, I32, instantiate, moduleBytes, simd, uleb, vec } from './wasm-asm.js';

const OP = {
  load: (offset: number) => simd(0x00, 4, ...uleb(offset)),
  const0: simd(0x0c, ...new Array(16).fill(0)),
  and: simd(0x4e),
  popcnt: simd(0x62),
  subI8: simd(0x71),
  extaddI8: simd(0x7c),
  extaddI16: simd(0x7e),
  shlI16: simd(0x8b),
  addI16: simd(0x8e),
  lane: (i: number) => simd(0x1b, i),
  ...BASE,
  store: [0x36, 2, 0],
};

/** The module bytes for `chunks` 16-byte chunks per plane and `planes` query bits. */
export function ternaryKernelBytes(chunks: number, planes: number): Uint8Array<ArrayBuffer> {
  // Params: 0 codesOff, 1 n, 2 outOff, 3 queryOff. Locals: 4 acc, 5 pos, 6 neg, 7 q.
  const [codes, n, out, query, acc, pos, neg, q] = [0, 1, 2, 3, 4, 5, 6, 7];
  const stride = 16 * chunks;
  const row: number[] = [...OP.const0, ...OP.set(acc)];
  for (let c = 0; c < chunks; c++) {
    row.push(...OP.get(codes), ...OP.load(16 * c), ...OP.set(pos));
    row.push(...OP.get(codes), ...OP.load(stride + 16 * c), ...OP.set(neg));
    for (let b = 0; b < planes; b++) {
      row.push(...OP.get(query), ...OP.load(b * stride + 16 * c), ...OP.tee(q));
      row.push(...OP.get(pos), ...OP.and, ...OP.popcnt);
      row.push(...OP.get(q), ...OP.get(neg), ...OP.and, ...OP.popcnt, ...OP.subI8, ...OP.extaddI8);
      if (b > 0) row.push(...OP.i32(b), ...OP.shlI16);
      row.push(...OP.get(acc), ...OP.addI16, ...OP.set(acc));
    }
  }
  row.push(...OP.get(out), ...OP.get(acc), ...OP.extaddI16, ...OP.tee(pos), ...OP.lane(0));
  for (let l = 1; l < 4; l++) row.push(...OP.get(pos), ...OP.lane(l), ...OP.addI32);
  row.push(...OP.store);
  // Advance: codes += 2 · stride, out += 4, n -= 1; loop while n != 0.
  row.push(...OP.get(codes), ...OP.i32(2 * stride), ...OP.addI32, ...OP.set(codes));
  row.push(...OP.get(out), ...OP.i32(4), ...OP.addI32, ...OP.set(out));
  row.push(...OP.get(n), ...OP.i32(1), ...OP.subI32, ...OP.tee(n), 0x0d, 0); // br_if 0 → loop
  const body = [
    ...vec([[4, V128]]), // four v128 locals
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
  return moduleBytes('scan', [I32, I32, I32, I32], body);
}

export type ScanFn = (codesOff: number, n: number, outOff: number, queryOff: number) => void;

/** Instantiates the kernel over `memory`; null where WebAssembly SIMD is unavailable. */
export function ternaryKernel(memory: WebAssembly.Memory, chunks: number, planes: number): ScanFn | null {
  // Each int16 lane sums up to 2 · (2^planes − 1) per chunk; beyond int16 the sums would wrap.
  if (chunks * 2 * (2 ** planes - 1) > 32767) return null;
  try {
    return instantiate<ScanFn>(`ternary-${chunks}x${planes}`, () => ternaryKernelBytes(chunks, planes), memory, 'scan');
  } catch {
    return null;
  }
}

export type EstimateFn = (
  outOff: number,
  scalesOff: number,
  tsumOff: number,
  n: number,
  qMin: number,
  delta: number,
) => void;

/**
 * The module bytes that turn each row's sum S into its estimate, in place:
 * `fround(scale · (qMin · Σt + delta · S))`, in float64 in that order as the JS scorer computes it
 * (same bits; ~0.3 ms of JS at 100k rows).
 */
export function estimateKernelBytes(): Uint8Array<ArrayBuffer> {
  // Params: 0 outOff (int32 sums in, float32 estimates out), 1 scalesOff (f32), 2 tsumOff (i16), 3 n, 4 qMin, 5 delta.
  const [out, scales, tsum, n, qMin, delta] = [0, 1, 2, 3, 4, 5];
  const toF64 = [0xb7];
  const [mulF64, addF64] = [[0xa2], [0xa0]];
  const step = (local: number, bytes: number) => [...OP.get(local), ...OP.i32(bytes), ...OP.addI32, ...OP.set(local)];
  const row = [
    ...OP.get(out),
    ...OP.get(scales),
    0x2a,
    2,
    0,
    0xbb, // f64(scale)
    ...OP.get(qMin),
    ...OP.get(tsum),
    0x2e,
    1,
    0,
    ...toF64,
    ...mulF64, // qMin · Σt
    ...OP.get(delta),
    ...OP.get(out),
    0x28,
    2,
    0,
    ...toF64,
    ...mulF64, // delta · S
    ...addF64,
    ...mulF64,
    0xb6,
    0x38,
    2,
    0, // f32.store(demote(…))
    ...step(out, 4),
    ...step(scales, 4),
    ...step(tsum, 2),
    ...OP.get(n),
    ...OP.i32(1),
    ...OP.subI32,
    ...OP.tee(n),
    0x0d,
    0, // br_if 0 → loop
  ];
  const body = [...vec([]), ...OP.get(n), 0x45, 0x04, 0x40, 0x0f, 0x0b, 0x03, 0x40, ...row, 0x0b, 0x0b];
  return moduleBytes('estimate', [I32, I32, I32, I32, F64, F64], body);
}

/** Instantiates the estimate loop over `memory`; null where WebAssembly is unavailable. */
export function estimateKernel(memory: WebAssembly.Memory): EstimateFn | null {
  try {
    return instantiate<EstimateFn>('estimate', estimateKernelBytes, memory, 'estimate');
  } catch {
    return null;
  }
}
