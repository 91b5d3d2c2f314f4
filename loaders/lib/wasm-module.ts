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

/** Instructions, as byte arrays; SIMD ones are the 0xfd prefix and their number. */
export const op = {
  block: [0x02, 0x40], loop: [0x03, 0x40], end: [0x0b], br: (l: number) => [0x0c, ...uleb(l)], brIf: (l: number) => [0x0d, ...uleb(l)],
  get: (x: number) => [0x20, ...uleb(x)], set: (x: number) => [0x21, ...uleb(x)], tee: (x: number) => [0x22, ...uleb(x)],
  i32: (v: number) => [0x41, ...sleb(v)], add: [0x6a], sub: [0x6b], mul: [0x6c], and: [0x71], shl: [0x74], eqz: [0x45], geS: [0x4e], geU: [0x4f],
  simd: (n: number) => [0xfd, ...uleb(n)]
};

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
