// The WebAssembly kernels' sources (loaders/models/kernels/*.wat) against the bytes their results
// were tested with: each source must assemble to exactly those bytes, so a change to a kernel's
// instructions is a deliberate change of this list, never a side effect of editing its text. And
// the assembled .wasm files the kernel modules load are fresh and made before anything loads them.
import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {basename, dirname, join, resolve} from "node:path";
import {test} from "node:test";
import {fileURLToPath} from "node:url";
import {importClosure} from "../../loaders/lib/code-hash.ts";
import {compiledOnce} from "../../loaders/lib/wasm-module.ts";
import {assemble, kernelSources, wasmPath} from "../../tools/assemble-kernels.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The sha256 of each kernel's module as the hand-assembled TypeScript opcode builders (loaders/lib/
 * wasm-module.ts's `op`, and the kernel modules) emitted it at commit 2a6f6c7, unchanged until the
 * .wat sources replaced them: the bytes every parity test of the kernels passed with. A new kernel
 * or a deliberate change adds or updates its line.
 */
const HAND_ASSEMBLED_SHA256: Record<string, string> = {
  "adamw.wat": "a8284f425a2b359801d3e98b2fa3e5c8d1566da995045e37cc09b8029f59027a",
  "dots.wat": "724fad1598dd368ce39c52138e18d5bd0252916b8af6f74c503f586a7605a2c9",
  "eigen.wat": "b782e7d4d2b57356788fcce7e6f8ca16ae8ade9287c4cdbc1df2b7a2bd824759",
  "histogram.wat": "88cf5cc665cbf9200b2e6dcfa3b2a129c2c0eb93a0a7d447e13ba367ea730ab6",
  "outer.wat": "27c5ed0d4f6df7270fde71099661e4dacb272d0b5ab3612666132abf591097ae"
};

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

test("kernels: each .wat source assembles to the bytes of the hand-assembled kernel it replaced", async () => {
  const sources = kernelSources();
  assert.deepEqual(
    sources.map((f) => basename(f)),
    Object.keys(HAND_ASSEMBLED_SHA256).sort(),
    "the kernels' sources"
  );
  for (const wat of sources) assert.equal(sha256(await assemble(wat)), HAND_ASSEMBLED_SHA256[basename(wat)], basename(wat));
});

test("kernels: every assembled .wasm is the fresh assembly of its source (a stale one means `npm run kernels` was not run)", async () => {
  for (const wat of kernelSources()) {
    let built: Buffer;
    try {
      built = readFileSync(wasmPath(wat));
    } catch {
      assert.fail(`${wasmPath(wat)} is missing: \`npm run kernels\` assembles it (npm test runs it before the unit tests)`);
    }
    assert.ok(Buffer.compare(built, await assemble(wat)) === 0, `${wasmPath(wat)} is stale: run \`npm run kernels\``);
  }
});

test("kernels: each source is loaded by a kernel module, whose code hash covers it; a missing .wasm names the command that makes it", () => {
  const modules = ["simd-dots.ts", "simd-outer.ts", "simd-eigen.ts", "histogram-kernels.ts", "mlp/adamw.ts"].map((m) => join(ROOT, "loaders", "models", m));
  const loaded = modules.flatMap((m) => importClosure(m).filter((f) => f.endsWith(".wat")));
  assert.deepEqual([...new Set(loaded)].sort(), kernelSources());
  const missing = compiledOnce(new URL("no-such-kernel.wasm", import.meta.url));
  assert.throws(() => missing(new WebAssembly.Memory({initial: 1})), /no-such-kernel\.wasm is missing: run `npm run kernels`/);
});

test("kernels: they are assembled before anything loads them — by npm test before the unit tests, and by the build's prebuild", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  assert.equal(pkg.scripts.kernels, "tsx tools/assemble-kernels.ts");
  const steps: string[] = pkg.scripts.test.split("&&").map((s: string) => s.trim());
  assert.ok(steps.includes("npm run kernels") && steps.indexOf("npm run kernels") < steps.indexOf("npm run test:unit"), pkg.scripts.test);
  assert.match(readFileSync(join(ROOT, "tools", "prebuild.ts"), "utf8"), /^for \(const line of await assembleKernels\(\)\)/m);
  assert.match(pkg.scripts.build, /tools\/prebuild\.ts.*tools\/pipeline\.ts/);
});
