/**
 * Assembles the numeric kernels' WebAssembly: every loaders/models/kernels/<name>.wat, the source
 * (WebAssembly text with named parameters and locals and the reasoning in comments), into
 * <name>.wasm beside it, which the kernel modules load (simd-dots.ts, simd-outer.ts, simd-eigen.ts,
 * histogram-kernels.ts, mlp/adamw.ts). The assembler is wabt's wat2wasm (the npm package `wabt`,
 * the WebAssembly Binary Toolkit compiled to WebAssembly), so no native toolchain is needed.
 *
 * Run as `npm run kernels`: by tools/prebuild.ts (so `npm run build` and `npm run dev`) and by
 * `npm test` and .ci/run before the unit tests, which load the kernels. The .wasm files are
 * generated, not committed; one is rewritten only when its bytes change. test/unit/kernels.test.ts
 * checks that each source assembles to the bytes its results were tested with and that the .wasm
 * files are fresh.
 */
import {readdirSync, readFileSync, writeFileSync} from "node:fs";
import {basename, dirname, join, relative} from "node:path";
import {fileURLToPath} from "node:url";
import wabt from "wabt";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the kernels' sources are, each assembled beside itself. */
export const KERNELS_DIR = join(root, "loaders", "models", "kernels");

/** The kernels' sources (.wat paths), sorted. */
export function kernelSources(): string[] {
  return readdirSync(KERNELS_DIR)
    .filter((f) => f.endsWith(".wat"))
    .sort()
    .map((f) => join(KERNELS_DIR, f));
}

/** Where a source's assembled bytes go. */
export const wasmPath = (wat: string): string => wat.replace(/\.wat$/, ".wasm");

let assembler: ReturnType<typeof wabt> | undefined;

/**
 * A source's module as bytes. The kernels use 128-bit SIMD, so that feature is enabled; no names
 * section is written (the names are for the reader), so renaming a local leaves the bytes alone.
 */
export async function assemble(wat: string): Promise<Uint8Array> {
  const {parseWat} = await (assembler ??= wabt());
  const module = parseWat(basename(wat), readFileSync(wat, "utf8"), {simd: true});
  try {
    module.resolveNames();
    module.validate();
    return module.toBinary({log: false, write_debug_names: false}).buffer;
  } finally {
    module.destroy();
  }
}

/** Assembles every kernel; returns a line per kernel (its .wasm, bytes, and whether it changed). */
export async function assembleKernels(): Promise<string[]> {
  const lines: string[] = [];
  for (const wat of kernelSources()) {
    const bytes = await assemble(wat),
      out = wasmPath(wat);
    let old: Buffer | null = null;
    try {
      old = readFileSync(out);
    } catch {}
    const same = old !== null && Buffer.compare(old, bytes) === 0;
    if (!same) writeFileSync(out, bytes);
    lines.push(`${relative(root, out)} ${bytes.length} bytes${same ? "" : " (written)"}`);
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) for (const line of await assembleKernels()) process.stderr.write(`kernel ${line}\n`);
