/**
 * A Web Worker that runs the encoder for the classifier page, bundled by tools/bundle-live.ts into
 * src/components/encoder-worker.js. The page starts one per core (two at most) and gives each a
 * share of the clips: onnxruntime-web runs on one thread without cross-origin isolation (which a
 * static site cannot count on), so the workers are what lets the classifier's clips and the cry
 * check's clips be embedded at the same time. The same ONNX file and session options as the
 * page's other sessions and the command line.
 *
 * Messages in: {id, type: "load", model: Uint8Array, wasm: URL of onnxruntime's .wasm} and
 * {id, type: "run", input, data: Float32Array, dims, outputs: names}. Out: {id, ok: true,
 * outputs?: {name: {data, dims}}} or {id, ok: false, message}.
 */
import * as ort from "onnxruntime-web/wasm";
import {ENCODER_SESSION_OPTIONS} from "../onnx/session-options.ts";

type Request =
  | {id: number; type: "load"; model: Uint8Array; wasm: string}
  | {id: number; type: "run"; input: string; data: Float32Array; dims: number[]; outputs: string[]};

const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage: (message: unknown, transfer?: Transferable[]) => void;
};
let session: ort.InferenceSession | null = null;

scope.onmessage = async ({data: m}) => {
  try {
    if (m.type === "load") {
      ort.env.wasm.numThreads = 1;
      ort.env.wasm.wasmPaths = {wasm: m.wasm};
      session = await ort.InferenceSession.create(m.model, ENCODER_SESSION_OPTIONS);
      scope.postMessage({id: m.id, ok: true});
      return;
    }
    if (!session) throw new Error("the encoder worker has no model loaded");
    const result = await session.run({[m.input]: new ort.Tensor("float32", m.data, m.dims)});
    const outputs: Record<string, {data: Float32Array; dims: readonly number[]}> = {};
    for (const name of m.outputs) {
      if (!result[name]) throw new Error(`the encoder has no output “${name}”`);
      outputs[name] = {data: result[name].data as Float32Array, dims: result[name].dims};
    }
    scope.postMessage(
      {id: m.id, ok: true, outputs},
      Object.values(outputs).map((o) => o.data.buffer)
    );
  } catch (e) {
    scope.postMessage({id: m.id, ok: false, message: e instanceof Error ? e.message : String(e)});
  }
};
