/** Decoding through the content-addressed cache: key = file sha256 + decoder id. */
import {cacheKey, readCached, writeCached} from "../lib/cache.ts";
import {decodeFile, DecodeError, DECODER_ID, type Decoded, type SourceInfo} from "./decode.ts";
import {SAMPLE_RATE} from "./rate.ts";
import {codeHash} from "../lib/code-hash.ts";

export type DecodeResult = ({ok: true} & Decoded) | {ok: false; error: string};

export async function decodeCached(file: string, sha256: string): Promise<DecodeResult> {
  const key = cacheKey(codeHash(import.meta.url), sha256, DECODER_ID);
  const meta = await readCached("decoded", key, ".json");
  if (meta) {
    const m = JSON.parse(meta.toString()) as {ok: true; source: SourceInfo} | {ok: false; error: string};
    if (!m.ok) return m;
    const pcm = await readCached("decoded", key, ".f32");
    if (pcm)
      return {
        ok: true,
        source: m.source,
        sampleRate: SAMPLE_RATE,
        samples: new Float32Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength))
      };
  }
  try {
    const d = await decodeFile(file);
    await writeCached("decoded", key, ".f32", new Uint8Array(d.samples.buffer, d.samples.byteOffset, d.samples.byteLength));
    await writeCached("decoded", key, ".json", JSON.stringify({ok: true, source: d.source}));
    return {ok: true, ...d};
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    // A file that cannot be decoded stays undecodable for the same bytes and decoder: remember why.
    await writeCached("decoded", key, ".json", JSON.stringify({ok: false, error: e.reason}));
    return {ok: false, error: e.reason};
  }
}
