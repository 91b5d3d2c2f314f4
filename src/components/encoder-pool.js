// The encoder on Web Workers (src/components/encoder-worker.js, bundled from
// loaders/live/encoder-worker.ts): onnxruntime-web runs on one thread in a page that is not
// cross-origin isolated, so one worker per core (two at most) each embeds a contiguous share of
// the clips, and the page's own thread stays free to draw. Every clip is embedded alone by the
// same model, so the split does not change a result.

/** Starts `count` workers and loads the model in each; resolves to {run(data, dims), terminate}. */
export async function encoderPool({workerUrl, model, wasmUrl, count, input = "audio", outputs = ["embedding", "scores"]}) {
  const workers = Array.from({length: count}, () => {
    const worker = new Worker(workerUrl, {type: "module"});
    const pending = new Map();
    let next = 0,
      stopped = null;
    // A worker that stopped (it could not start, or crashed) fails what it had and whatever comes
    // later, instead of leaving the page waiting for an answer that will not come.
    const fail = (message) => {
      stopped = message;
      for (const {reject} of pending.values()) reject(new Error(message));
      pending.clear();
    };
    worker.onmessage = ({data}) => {
      const p = pending.get(data.id);
      if (!p) return;
      pending.delete(data.id);
      data.ok ? p.resolve(data) : p.reject(new Error(`the encoder: ${data.message}`));
    };
    worker.onerror = (e) => fail(`the encoder's worker stopped (${e.message || "it could not be started"}); reload the page to start it again`);
    const call = (message, transfer = []) =>
      new Promise((resolve, reject) => {
        if (stopped) return reject(new Error(stopped));
        const id = next++;
        pending.set(id, {resolve, reject});
        worker.postMessage({...message, id}, transfer);
      });
    return {worker, call};
  });
  try {
    await Promise.all(
      workers.map(({call}) => {
        const copy = model.slice();
        return call({type: "load", model: copy, wasm: wasmUrl}, [copy.buffer]);
      })
    );
  } catch (e) {
    for (const {worker} of workers) worker.terminate();
    throw e;
  }

  /** The encoder on a batch of clips [rows, length]: each worker takes a contiguous share of the rows. */
  async function run(data, dims) {
    const [rows, length] = dims,
      per = Math.ceil(rows / workers.length);
    const shares = workers.map((w, k) => [w, k * per, Math.min(rows, (k + 1) * per)]).filter(([, start, end]) => end > start);
    const parts = await Promise.all(
      shares.map(([{call}, start, end]) => {
        const slice = data.slice(start * length, end * length);
        return call({type: "run", input, data: slice, dims: [end - start, length], outputs}, [slice.buffer]);
      })
    );
    const out = {};
    for (const name of outputs) {
      const width = parts[0].outputs[name].dims.slice(1);
      const rowSize = width.reduce((a, b) => a * b, 1);
      const joined = new Float32Array(rows * rowSize);
      parts.forEach((p, k) => joined.set(p.outputs[name].data, shares[k][1] * rowSize));
      out[name] = {data: joined, dims: [rows, ...width]};
    }
    return out;
  }
  return {run, terminate: () => workers.forEach(({worker}) => worker.terminate())};
}
