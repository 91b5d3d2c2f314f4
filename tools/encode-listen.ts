/**
 * The MP3 listening copies of every corpus recording (loaders/audio/listen.ts), in their own
 * process: tools/pipeline.ts starts it first, while the build's opening steps keep one core busy.
 *   tsx tools/encode-listen.ts
 */
import {loadManifest, resolveDataDir} from "../data/corpus.ts";
import {listenableCopies} from "../loaders/audio/listen.ts";
import {manifestAudio} from "../loaders/corpus/inventory.ts";

const copies = await listenableCopies(resolveDataDir(), manifestAudio(loadManifest()));
for (const c of copies.filter((c) => c.error)) process.stderr.write(`listen: no copy of ${c.path}: ${c.error}\n`);
