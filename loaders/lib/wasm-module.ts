/**
 * A minimal WebAssembly encoder for the project's hand-written kernels (the AdamW step, the dense
 * products, logistic regression's gradient, boosting's histograms, PCA's eigendecomposition):
 * LEB128 numbers, the few instructions they use, and a module of functions that import its memory
 * as env.memory, each exported under a name. The kernels write their instructions with these;
 * nothing is prebuilt.
 */
export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return out.push(byte), out;
    out.push(byte | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => vec([...Buffer.from(s, "utf8")].map((b) => [b]));

export const I32 = 0x7f, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;

const simd = (n: number): number[] => [0xfd, ...uleb(n)];
/** A memory access's immediate: the alignment hint (a power of two, at most the natural one) and the byte offset. */
const memarg = (align: number, offset: number): number[] => [align, ...uleb(offset)];

/** Instructions, as byte arrays; SIMD ones are the 0xfd prefix and their number. */
export const op = {
  block: [0x02, 0x40], loop: [0x03, 0x40], end: [0x0b], br: (l: number) => [0x0c, ...uleb(l)], brIf: (l: number) => [0x0d, ...uleb(l)],
  ifVoid: [0x04, 0x40], ifF64: [0x04, 0x7c], else: [0x05],
  get: (x: number) => [0x20, ...uleb(x)], set: (x: number) => [0x21, ...uleb(x)], tee: (x: number) => [0x22, ...uleb(x)],
  i32: (v: number) => [0x41, ...sleb(v)], add: [0x6a], sub: [0x6b], mul: [0x6c], and: [0x71], or: [0x72], shl: [0x74], shrU: [0x76],
  eqz: [0x45], ltS: [0x48], ltU: [0x49], gtU: [0x4b], geS: [0x4e], geU: [0x4f],
  // Memory. The hints are what every kernel's addresses meet: bytes, 4-byte words, 8-byte floats (v128 included).
  u8Load: (offset = 0) => [0x2d, ...memarg(0, offset)], i32Load: (offset = 0) => [0x28, ...memarg(2, offset)], i32Store: (offset = 0) => [0x36, ...memarg(2, offset)],
  f64Load: (offset = 0) => [0x2b, ...memarg(3, offset)], f64Store: (offset = 0) => [0x39, ...memarg(3, offset)],
  v128Load: (offset = 0) => [...simd(0x00), ...memarg(3, offset)], v128Store: (offset = 0) => [...simd(0x0b), ...memarg(3, offset)],
  f64Load64Splat: (offset = 0) => [...simd(0x0a), ...memarg(3, offset)],
  f64Const: (v: number) => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)],
  f64Add: [0xa0], f64Sub: [0xa1], f64Mul: [0xa2], f64Eq: [0x61], f64Lt: [0x63], f64Gt: [0x64],
  v128Zero: [...simd(0x0c), ...new Array(16).fill(0)], f64x2Splat: simd(0x14), f64x2Lane: (i: number) => [...simd(33), i],
  f64x2Add: simd(240), f64x2Sub: simd(241), f64x2Mul: simd(242), f64x2Div: simd(243),
  simd
};

/** Grows a memory to at least `bytes` (whole 64 KiB pages). Views made before a growth are detached: make them after. */
export function growTo(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / 65536));
}

/**
 * A module built and compiled on first use — null where this engine cannot compile it (a kernel
 * using SIMD, say) — and instantiated on the caller's memory at each call: its exports, or null.
 */
export function compiledOnce(build: () => Uint8Array<ArrayBuffer>): (memory: WebAssembly.Memory) => WebAssembly.Exports | null {
  let compiled: WebAssembly.Module | null | undefined;
  return (memory) => {
    if (compiled === undefined)
      try {
        compiled = new WebAssembly.Module(build());
      } catch {
        compiled = null;
      }
    return compiled && new WebAssembly.Instance(compiled, {env: {memory}}).exports;
  };
}

/** A function of a module: exported as `name`, `params` → (), `locals` ([count, type] runs), `body` (its instructions, without the final end). */
export type WasmFunction = {name: string; params: number[]; locals: [number, number][]; body: number[]};

/** A module of functions that import its memory as env.memory, each exported under its name. */
export function functionsModule(functions: WasmFunction[]): Uint8Array<ArrayBuffer> {
  const code = (f: WasmFunction) => [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body, 0x0b];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec(functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0]))),
    ...section(2, vec([[...name("env"), ...name("memory"), 0x02, 0x00, 0x01]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(functions.map((f) => {
      const c = code(f);
      return [...uleb(c.length), ...c];
    })))
  ]);
}

/** A module of one function `exportName(params) → ()`. */
export function oneFunctionModule(exportName: string, params: number[], locals: [number, number][], body: number[]): Uint8Array<ArrayBuffer> {
  return functionsModule([{name: exportName, params, locals, body}]);
}
