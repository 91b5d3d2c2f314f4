// onnxruntime-web's WebAssembly binary, self-hosted from node_modules (no CDN).
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";

const dist = dirname(createRequire(import.meta.url).resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm"));
process.stdout.write(readFileSync(join(dist, "ort-wasm-simd-threaded.wasm")));
