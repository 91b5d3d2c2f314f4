/**
 * A reader for the subset of the TFLite flatbuffer schema (tensorflow/lite/schema/schema.fbs) that
 * YAMNet uses: model, subgraph, tensors with quantization, operators with their builtin options,
 * and buffers. Flatbuffers are read in place: a table is a position whose vtable gives field offsets.
 */

export const TensorType = {FLOAT32: 0, INT32: 2, UINT8: 3, INT64: 4, INT8: 9} as const;

export const BuiltinOperator: Record<number, string> = {
  0: "ADD",
  3: "CONV_2D",
  4: "DEPTHWISE_CONV_2D",
  6: "DEQUANTIZE",
  9: "FULLY_CONNECTED",
  14: "LOGISTIC",
  18: "MUL",
  22: "RESHAPE",
  34: "PAD",
  36: "GATHER",
  40: "MEAN",
  45: "STRIDED_SLICE",
  65: "SLICE",
  73: "LOG",
  75: "SQRT"
};

class Table {
  constructor(
    readonly view: DataView,
    readonly pos: number
  ) {}
  private fieldOffset(id: number): number {
    const vt = this.pos - this.view.getInt32(this.pos, true);
    const vtSize = this.view.getUint16(vt, true);
    const slot = 4 + 2 * id;
    return slot < vtSize ? this.view.getUint16(vt + slot, true) : 0;
  }
  has(id: number): boolean {
    return this.fieldOffset(id) !== 0;
  }
  int(id: number, bytes: 1 | 4, signed = true, def = 0): number {
    const o = this.fieldOffset(id);
    if (!o) return def;
    const p = this.pos + o;
    if (bytes === 1) return signed ? this.view.getInt8(p) : this.view.getUint8(p);
    return signed ? this.view.getInt32(p, true) : this.view.getUint32(p, true);
  }
  private ref(id: number): number | null {
    const o = this.fieldOffset(id);
    if (!o) return null;
    const p = this.pos + o;
    return p + this.view.getUint32(p, true);
  }
  table(id: number): Table | null {
    const p = this.ref(id);
    return p === null ? null : new Table(this.view, p);
  }
  string(id: number): string {
    const p = this.ref(id);
    if (p === null) return "";
    const n = this.view.getUint32(p, true);
    return new TextDecoder().decode(new Uint8Array(this.view.buffer, this.view.byteOffset + p + 4, n));
  }
  bytes(id: number): Uint8Array {
    const p = this.ref(id);
    if (p === null) return new Uint8Array(0);
    const n = this.view.getUint32(p, true);
    return new Uint8Array(this.view.buffer, this.view.byteOffset + p + 4, n);
  }
  ints(id: number): number[] {
    const p = this.ref(id);
    if (p === null) return [];
    const n = this.view.getUint32(p, true);
    return Array.from({length: n}, (_, i) => this.view.getInt32(p + 4 + 4 * i, true));
  }
  floats(id: number): number[] {
    const p = this.ref(id);
    if (p === null) return [];
    const n = this.view.getUint32(p, true);
    return Array.from({length: n}, (_, i) => this.view.getFloat32(p + 4 + 4 * i, true));
  }
  tables(id: number): Table[] {
    const p = this.ref(id);
    if (p === null) return [];
    const n = this.view.getUint32(p, true);
    return Array.from({length: n}, (_, i) => {
      const e = p + 4 + 4 * i;
      return new Table(this.view, e + this.view.getUint32(e, true));
    });
  }
}

export interface TfliteTensor {
  name: string;
  shape: number[];
  type: number;
  /** Constant data, or null for activations. */
  data: Uint8Array | null;
  scale: number[];
  zeroPoint: number[];
  quantizedDimension: number;
}

export interface TfliteOperator {
  op: string;
  inputs: number[];
  outputs: number[];
  /** Builtin options table (fields read by the converter by schema id), or null. */
  options: Table | null;
}

export interface TfliteModel {
  version: number;
  tensors: TfliteTensor[];
  operators: TfliteOperator[];
  inputs: number[];
  outputs: number[];
}

export type OptionsTable = Table;

export function readTflite(bytes: Uint8Array): TfliteModel {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ident = new TextDecoder().decode(bytes.subarray(4, 8));
  if (ident !== "TFL3") throw new Error(`not a TFLite model (file identifier "${ident}", expected "TFL3")`);
  const model = new Table(view, view.getUint32(0, true));
  const codes = model.tables(1).map((c) => {
    // Newer files carry the operator in the int32 field 3; the int8 field 0 is the deprecated copy.
    const code = c.has(3) ? Math.max(c.int(3, 4), c.int(0, 1)) : c.int(0, 1);
    const name = BuiltinOperator[code];
    if (!name) throw new Error(`unsupported TFLite operator code ${code}${c.string(1) ? ` (${c.string(1)})` : ""}`);
    return name;
  });
  const buffers = model.tables(4).map((b) => b.bytes(0));
  const graphs = model.tables(2);
  if (graphs.length !== 1) throw new Error(`expected one subgraph, found ${graphs.length}`);
  const g = graphs[0];
  const tensors = g.tables(0).map((t) => {
    const q = t.table(4);
    const buf = buffers[t.int(2, 4, false)];
    return {
      name: t.string(3),
      shape: t.ints(0),
      type: t.int(1, 1),
      data: buf?.length ? buf : null,
      scale: q ? q.floats(2) : [],
      zeroPoint: q ? readLongs(q, 3) : [],
      quantizedDimension: q ? q.int(6, 4) : 0
    };
  });
  const operators = g.tables(3).map((o) => ({op: codes[o.int(0, 4, false)], inputs: o.ints(1), outputs: o.ints(2), options: o.table(4)}));
  return {version: model.int(0, 4, false), tensors, operators, inputs: g.ints(1), outputs: g.ints(2)};
}

function readLongs(t: Table, id: number): number[] {
  const b = t.bytes(id); // length prefix counts elements, not bytes
  const view = new DataView(b.buffer, b.byteOffset);
  return Array.from({length: b.length}, (_, i) => Number(view.getBigInt64(8 * i, true)));
}
