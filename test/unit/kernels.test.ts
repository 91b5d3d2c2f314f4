// The WebAssembly kernels' sources (loaders/models/kernels/*.wat) against the bytes their results
// were tested with: each source must assemble to exactly those bytes, so a change to a kernel's
// instructions is a deliberate change of this list, never a side effect of editing its text.
import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {basename} from "node:path";
import {test} from "node:test";
import {assemble, kernelSources} from "../../tools/assemble-kernels.ts";

/**
 * The sha256 of each kernel's module as the TypeScript opcode builders of loaders/lib/wasm-module.ts
 * emitted it at commit 2a6f6c7, the last with the hand-assembled kernels (the bytes every parity
 * test of the kernels passed with). A new kernel or a deliberate change adds or updates its line.
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
