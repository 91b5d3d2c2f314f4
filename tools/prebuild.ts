/**
 * Run before `observable build`: assemble the WebAssembly kernels (their .wasm is generated, not
 * committed; tools/assemble-kernels.ts), self-host the npm packages, and drop Framework's
 * data-loader cache.
 * Framework treats a loader's cached output as fresh until the loader file itself changes, even when
 * a module it imports changed; our loaders keep their own content-addressed cache (.cache/), so
 * re-running them is cheap and can never serve stale results.
 */
import {rm} from "node:fs/promises";
import {join} from "node:path";
import {PROJECT_ROOT} from "../data/corpus.ts";
import {assembleKernels} from "./assemble-kernels.ts";
import {selfhost} from "./selfhost.ts";
import {bundleLive} from "./bundle-live.ts";

for (const line of await assembleKernels()) process.stderr.write(`kernel ${line}\n`);
await rm(join(PROJECT_ROOT, "src", ".observablehq", "cache", "data"), {recursive: true, force: true});
for (const line of await selfhost()) process.stderr.write(`selfhost ${line}\n`);
process.stderr.write(`bundled ${await bundleLive()}\n`);
