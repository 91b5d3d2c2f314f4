/**
 * Loading the project's WebAssembly kernels (the AdamW step, the dense products, logistic
 * regression's gradient, boosting's histograms, PCA's eigendecomposition). Their sources are
 * WebAssembly text, loaders/models/kernels/*.wat; `npm run kernels` (tools/assemble-kernels.ts,
 * run at prebuild and before the unit tests) assembles each into the .wasm beside it, and a kernel
 * module reads and compiles that file here on first use. Node only: no kernel is in the page's
 * bundle (test/unit/import-direction.test.ts keeps node: imports out of it).
 */
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";

/** Grows a memory to at least `bytes` (whole 64 KiB pages). Views made before a growth are detached: make them after. */
export function growTo(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / 65536));
}

/** An assembled kernel's bytes; a missing file is an error that names the command that makes it. */
function assembled(wasm: URL): Uint8Array<ArrayBuffer> {
  try {
    return new Uint8Array(readFileSync(wasm));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    const path = fileURLToPath(wasm);
    throw new Error(`${path} is missing: run \`npm run kernels\` to assemble it from ${path.replace(/\.wasm$/, ".wat")} (the build and npm test do)`);
  }
}

/**
 * A kernel (an assembled .wasm file) read and compiled on first use — null where this engine cannot
 * compile it (a kernel using SIMD, say) — and instantiated on the caller's memory at each call: its
 * exports, or null. Only the compilation may fail into null: a missing or unreadable file throws,
 * where a null would silently send the caller to its JavaScript fallback.
 */
export function compiledOnce(wasm: URL): (memory: WebAssembly.Memory) => WebAssembly.Exports | null {
  let compiled: WebAssembly.Module | null | undefined;
  return (memory) => {
    if (compiled === undefined) {
      const bytes = assembled(wasm);
      try {
        compiled = new WebAssembly.Module(bytes);
      } catch {
        compiled = null;
      }
    }
    return compiled && new WebAssembly.Instance(compiled, {env: {memory}}).exports;
  };
}
