/** A small helper to build ONNX graphs by name: each call adds a node or constant and returns its name. */
import type {Initializer, Node} from "./proto.ts";

export class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers: Initializer[] = [];

  f32(name: string, dims: number[], values: Float32Array | number[]): string {
    this.initializers.push({name, dims, type: "float", values: values instanceof Float32Array ? values : Float32Array.from(values)});
    return name;
  }
  f64(name: string, dims: number[], values: ArrayLike<number>): string {
    this.initializers.push({name, dims, type: "double", values: Float64Array.from(values)});
    return name;
  }
  i8(name: string, dims: number[], values: Int8Array): string {
    this.initializers.push({name, dims, type: "int8", values});
    return name;
  }
  /** An int64 constant; `scalar` makes it rank 0 (as STFT's frame_step wants). */
  i64(name: string, values: number[], scalar = false): string {
    this.initializers.push({name, dims: scalar ? [] : [values.length], type: "int64", values});
    return name;
  }
  node(op: string, inputs: string[], output: string, attrs?: Node["attrs"]): string {
    this.nodes.push({op, inputs, outputs: [output], attrs});
    return output;
  }
}
