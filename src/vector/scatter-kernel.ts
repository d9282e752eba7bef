/**
 * A WebAssembly kernel for the sparse path's inner loop (src/vector/sparse.ts): for packed
 * postings w (int32: the value quantised to int16 in the high half, the row's offset in its
 * block in the low half) at [p, end) it does `scores[w & 0xffff] += q · (w >> 16)` in float32.
 * One load per posting and no bounds checks beat the same loop in JS by ~25% (measured).
 *
 * Memory layout (the caller owns it): postings at byte offsets [p, end), float32 scores of the
 * block at `scoresOff`.
 */

import { F32, I32, OP, instantiate, moduleBytes, uleb, vec } from './wasm-asm.js';

export type ScatterFn = (p: number, end: number, scoresOff: number, q: number) => void;

const ALIGN4 = [2];
const load = (offset: number) => [0x28, ...ALIGN4, ...uleb(offset)];
const andI32 = [0x71];
const shlI32 = [0x74];
const shrSI32 = [0x75];
const ltU = [0x49];
const f32Load = [0x2a, ...ALIGN4, 0];
const f32Store = [0x38, ...ALIGN4, 0];
const f32FromI32 = [0xb2];
const mulF32 = [0x94];
const addF32 = [0x92];

/** The module bytes (4 postings per loop turn, then one at a time). */
export function scatterKernelBytes(): Uint8Array<ArrayBuffer> {
  // Params: 0 p, 1 end, 2 scoresOff, 3 q (f32). Locals: 4 w, 5 addr, 6 end of the unrolled part.
  const [p, end, scores, q, w, addr, end4] = [0, 1, 2, 3, 4, 5, 6];
  const one = (offset: number) => [
    ...OP.get(p),
    ...load(offset),
    ...OP.tee(w),
    ...OP.i32(0xffff),
    ...andI32,
    ...OP.i32(2),
    ...shlI32,
    ...OP.get(scores),
    ...OP.addI32,
    ...OP.tee(addr),
    ...OP.get(addr),
    ...f32Load,
    ...OP.get(w),
    ...OP.i32(16),
    ...shrSI32,
    ...f32FromI32,
    ...OP.get(q),
    ...mulF32,
    ...addF32,
    ...f32Store,
  ];
  // `while (p < limit) { body; p += step }`, guarded so an empty range runs nothing.
  const loop = (limit: number, step: number, body: number[]) => [
    ...OP.get(p),
    ...OP.get(limit),
    ...ltU,
    0x04,
    0x40, // if p < limit
    0x03,
    0x40,
    ...body,
    ...OP.get(p),
    ...OP.i32(step),
    ...OP.addI32,
    ...OP.tee(p),
    ...OP.get(limit),
    ...ltU,
    0x0d,
    0,
    0x0b, // loop … br_if
    0x0b, // end if
  ];
  const body = [
    ...vec([[3, I32]]),
    // end4 = end − ((end − p) mod 16): the part that whole groups of 4 postings cover.
    ...OP.get(end),
    ...OP.get(end),
    ...OP.get(p),
    ...OP.subI32,
    ...OP.i32(15),
    ...andI32,
    ...OP.subI32,
    ...OP.set(end4),
    ...loop(end4, 16, [...one(0), ...one(4), ...one(8), ...one(12)]),
    ...loop(end, 4, one(0)),
    0x0b,
  ];
  return moduleBytes('scatter', [I32, I32, I32, F32], body);
}

/** Instantiates the kernel over `memory`; null where WebAssembly is unavailable (the caller loops in JS). */
export function scatterKernel(memory: WebAssembly.Memory): ScatterFn | null {
  try {
    return instantiate<ScatterFn>('scatter', scatterKernelBytes, memory, 'scatter');
  } catch {
    return null;
  }
}
