// MP3 listening copies of every corpus recording, in 16 shards, with index.json (where each file is, the settings, the licence).
import {loadManifest, resolveDataDir} from "../../data/corpus.ts";
import {LISTEN, listenableCopies, packCopies} from "../../loaders/audio/listen.ts";
import {manifestAudio} from "../../loaders/corpus/inventory.ts";
import {tarStored} from "../../loaders/lib/tar.ts";

const SHARDS = 16; // src/components/player.js names each shard
const m = loadManifest();
const packed = packCopies(await listenableCopies(resolveDataDir(), manifestAudio(m)), SHARDS);
const index = {
  settings: LISTEN,
  licence: m.licence,
  attribution: m.attribution,
  repository: m.repository,
  commit: m.commit,
  bytes: packed.bytes,
  shards: SHARDS,
  files: packed.files,
  missing: packed.missing
};
process.stdout.write(
  tarStored([
    ...packed.shards.map((data, k) => ({name: `shard-${String(k).padStart(2, "0")}.bin`, data})),
    {name: "index.json", data: Buffer.from(JSON.stringify(index))}
  ])
);
