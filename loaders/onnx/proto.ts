/**
 * Just enough of the ONNX protobuf (onnx/onnx.proto, IR version 8) to write a model: graph, nodes,
 * attributes, initializers and typed inputs/outputs. Protobuf wire format by hand: varints,
 * length-delimited fields, packed repeated numbers.
 */

class Writer {
  private parts: Uint8Array[] = [];
  private size = 0;
  private push(b: Uint8Array) {
    this.parts.push(b);
    this.size += b.length;
  }
  varint(v: number | bigint) {
    let x = BigInt.asUintN(64, BigInt(v));
    const out: number[] = [];
    while (x >= 0x80n) {
      out.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    out.push(Number(x));
    this.push(Uint8Array.from(out));
  }
  tag(field: number, wire: number) {
    this.varint((field << 3) | wire);
  }
  int(field: number, v: number | bigint) {
    this.tag(field, 0);
    this.varint(v);
  }
  bytes(field: number, b: Uint8Array) {
    this.tag(field, 2);
    this.varint(b.length);
    this.push(b);
  }
  string(field: number, s: string) {
    this.bytes(field, new TextEncoder().encode(s));
  }
  float(field: number, v: number) {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.push(b);
  }
  packedInts(field: number, vs: number[]) {
    const w = new Writer();
    for (const v of vs) w.varint(v);
    this.bytes(field, w.finish());
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) out.set(p, o), (o += p.length);
    return out;
  }
}

export const DataType = {FLOAT: 1, INT8: 3, INT64: 7, DOUBLE: 11} as const;

export type Attr = number | number[] | string | {float: number};

export interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attrs?: Record<string, Attr>;
}

export interface Initializer {
  name: string;
  dims: number[];
  type: "float" | "int64" | "double" | "int8";
  values: Float32Array | Float64Array | Int8Array | number[];
}

export interface ValueInfo {
  name: string;
  /** A number for a fixed size, a string for a symbolic one (e.g. "batch"). */
  dims: (number | string)[];
}

export interface Graph {
  name: string;
  nodes: Node[];
  initializers: Initializer[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  opset: number;
  producer: string;
  docString?: string;
  metadata?: Record<string, string>;
}

function attribute(name: string, v: Attr): Uint8Array {
  const w = new Writer();
  w.string(1, name);
  if (typeof v === "number") {
    w.int(3, v);
    w.int(20, 2); // INT
  } else if (typeof v === "string") {
    w.bytes(4, new TextEncoder().encode(v));
    w.int(20, 3); // STRING
  } else if (Array.isArray(v)) {
    w.packedInts(8, v);
    w.int(20, 7); // INTS
  } else {
    w.float(2, v.float);
    w.int(20, 1); // FLOAT
  }
  return w.finish();
}

function tensor(t: Initializer): Uint8Array {
  const w = new Writer();
  w.packedInts(1, t.dims);
  w.int(2, t.type === "float" ? DataType.FLOAT : t.type === "double" ? DataType.DOUBLE : t.type === "int8" ? DataType.INT8 : DataType.INT64);
  w.string(8, t.name);
  if (t.type === "int8") {
    const q = t.values instanceof Int8Array ? t.values : Int8Array.from(t.values);
    w.bytes(9, new Uint8Array(q.buffer, q.byteOffset, q.byteLength));
  } else if (t.type === "double") {
    const f = Float64Array.from(t.values);
    w.bytes(9, new Uint8Array(f.buffer));
  } else if (t.type === "float") {
    const f = t.values instanceof Float32Array ? t.values : Float32Array.from(t.values);
    w.bytes(9, new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
  } else {
    const b = new Uint8Array(8 * t.values.length);
    const dv = new DataView(b.buffer);
    Array.from(t.values).forEach((v, i) => dv.setBigInt64(8 * i, BigInt(v), true));
    w.bytes(9, b);
  }
  return w.finish();
}

function valueInfo(v: ValueInfo): Uint8Array {
  const shape = new Writer();
  for (const d of v.dims) {
    const dim = new Writer();
    if (typeof d === "number") dim.int(1, d);
    else dim.string(2, d);
    shape.bytes(1, dim.finish());
  }
  const tt = new Writer();
  tt.int(1, DataType.FLOAT);
  tt.bytes(2, shape.finish());
  const type = new Writer();
  type.bytes(1, tt.finish());
  const w = new Writer();
  w.string(1, v.name);
  w.bytes(2, type.finish());
  return w.finish();
}

export function encodeModel(g: Graph): Uint8Array {
  const graph = new Writer();
  g.nodes.forEach((n, i) => {
    const w = new Writer();
    for (const x of n.inputs) w.string(1, x);
    for (const x of n.outputs) w.string(2, x);
    w.string(3, n.name ?? `${n.op}_${i}`);
    w.string(4, n.op);
    for (const [k, v] of Object.entries(n.attrs ?? {})) w.bytes(5, attribute(k, v));
    graph.bytes(1, w.finish());
  });
  graph.string(2, g.name);
  for (const t of g.initializers) graph.bytes(5, tensor(t));
  if (g.docString) graph.string(10, g.docString);
  for (const v of g.inputs) graph.bytes(11, valueInfo(v));
  for (const v of g.outputs) graph.bytes(12, valueInfo(v));
  const model = new Writer();
  model.int(1, 8); // ir_version
  model.string(2, g.producer);
  model.bytes(7, graph.finish());
  const opset = new Writer();
  opset.string(1, "");
  opset.int(2, g.opset);
  model.bytes(8, opset.finish());
  for (const [k, v] of Object.entries(g.metadata ?? {})) {
    const e = new Writer();
    e.string(1, k);
    e.string(2, v);
    model.bytes(14, e.finish());
  }
  return model.finish();
}
