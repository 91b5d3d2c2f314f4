// Where the corpus came from and whether the local copy is the pinned commit, file by file.
import {loadManifest, resolveDataDir, verifyCorpus} from "../../data/corpus.ts";
import {DECODER_ID, FFMPEG} from "../../loaders/audio/decode.ts";
import {execFileSync} from "node:child_process";

const manifest = loadManifest();
const v = await verifyCorpus(resolveDataDir(), manifest);
const ffmpegVersion = execFileSync(FFMPEG, ["-version"]).toString().split("\n")[0];
process.stdout.write(
  JSON.stringify({
    repository: manifest.repository,
    commit: manifest.commit,
    licence: manifest.licence,
    attribution: manifest.attribution,
    manifestFiles: manifest.files.length,
    verified: v.ok.length,
    problems: v.problems,
    extra: v.extra,
    decoder: DECODER_ID,
    ffmpeg: ffmpegVersion
  })
);
