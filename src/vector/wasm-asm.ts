/**
 * The few pieces of the WebAssembly binary format the hand-assembled kernels need (ternary
 * pre-filter, sparse scatter): LEB128 numbers, sections and a one-function module that imports
 * its memory as `env.memory`. No toolchain and no native dependency, by design.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

export const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const str = (s: string) => [...uleb(s.length), ...Buffer.from(s, 'utf8')];

/** A SIMD (0xfd-prefixed) instruction with its immediates. */
export const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];

/** Opcodes shared by the kernels (locals, integer constants and arithmetic). */
export const OP = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  addI32: [0x6a],
  subI32: [0x6b],
};

/**
 * A module exporting one function `name` (no results) with the given parameter types and
 * body (locals declaration, instructions, final `end`), over an imported memory.
 */
export function moduleBytes(name: string, params: number[], body: number[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(params.map((p) => [p])), ...vec([])]])),
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...str(name), 0x00, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

/** Compiled modules by key: compiled once per shape, instantiated per memory. */
const MODULES = new Map<string, WebAssembly.Module>();

/** Instantiates the module `key` (built by `bytes` on first use) over `memory`; its export `name`. */
export function instantiate<F>(
  key: string,
  bytes: () => Uint8Array<ArrayBuffer>,
  memory: WebAssembly.Memory,
  name: string,
): F {
  let module = MODULES.get(key);
  if (!module) MODULES.set(key, (module = new WebAssembly.Module(bytes())));
  return new WebAssembly.Instance(module, { env: { memory } }).exports[name] as F;
}
