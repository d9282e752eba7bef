import { describe, expect, it } from 'vitest';
import { estimateKernel, ternaryKernel } from '../../src/vector/wasm-kernel.js';
import { prng } from '../strategies/helpers.js';

describe('WebAssembly SIMD ternary kernel', () => {
  it('computes Σ t_j·u_j exactly for every row (checked against plain arithmetic)', () => {
    const rand = prng(3);
    const dims = 384;
    const stride = 48;
    const planes = 4;
    const rows = 37;
    const memory = new WebAssembly.Memory({ initial: 1 });
    const scan = ternaryKernel(memory, stride / 16, planes);
    expect(scan).not.toBeNull();
    const bytes = new Uint8Array(memory.buffer);
    const u = Array.from({ length: dims }, () => Math.floor(rand() * 2 ** planes));
    for (let b = 0; b < planes; b++)
      for (let j = 0; j < dims; j++) if ((u[j] >> b) & 1) bytes[b * stride + (j >> 3)] |= 1 << (j & 7);
    const codesOff = 1024;
    const outOff = 512;
    const t = Array.from({ length: rows }, () => Array.from({ length: dims }, () => Math.floor(rand() * 3) - 1));
    t.forEach((row, i) =>
      row.forEach((x, j) => {
        if (x !== 0) bytes[codesOff + i * 2 * stride + (x > 0 ? 0 : stride) + (j >> 3)] |= 1 << (j & 7);
      }),
    );
    scan!(codesOff, rows, outOff, 0);
    const got = Array.from(new Int32Array(memory.buffer, outOff, rows));
    expect(got).toEqual(t.map((row) => row.reduce((s, x, j) => s + x * u[j], 0)));
  });

  it('refuses a shape whose sums would overflow its 16-bit lanes (the caller then uses plain JS)', () => {
    expect(ternaryKernel(new WebAssembly.Memory({ initial: 1 }), 2000, 4)).toBeNull();
  });

  it('turns sums into estimates with the bits of the JS formula fround(scale · (qMin · Σt + delta · S))', () => {
    const rand = prng(8);
    const rows = 101;
    const memory = new WebAssembly.Memory({ initial: 1 });
    const estimate = estimateKernel(memory)!;
    const [outOff, scalesOff, tsumOff] = [0, 1024, 2048];
    const sums = Int32Array.from({ length: rows }, () => Math.floor((rand() - 0.5) * 4000));
    const scales = Float32Array.from({ length: rows }, () => rand() * 0.1);
    const tsum = Int16Array.from({ length: rows }, () => Math.floor((rand() - 0.5) * 300));
    new Int32Array(memory.buffer, outOff, rows).set(sums);
    new Float32Array(memory.buffer, scalesOff, rows).set(scales);
    new Int16Array(memory.buffer, tsumOff, rows).set(tsum);
    const [qMin, delta] = [Math.fround(-0.1234567), 0.0165432109];
    estimate(outOff, scalesOff, tsumOff, rows, qMin, delta);
    const want = Float32Array.from(sums, (sum, i) => scales[i] * (qMin * tsum[i] + delta * sum));
    expect(new Float32Array(memory.buffer, outOff, rows)).toEqual(want);
  });
});
