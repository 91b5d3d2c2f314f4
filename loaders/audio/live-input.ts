/**
 * Audio as the live classifier receives it — any rate, any number of channels — turned into what
 * the pipeline wants: 16 kHz mono float32, with reasons for what cannot be used. Shared verbatim by
 * the page (bundled) and the command line, so both feed the models identical samples.
 */
import {SAMPLE_RATE} from "./rate.ts";
import {resample} from "./resample.ts";

/** Longer recordings are cut here (and the reader told): ten minutes is 300 clips. */
export const MAX_SECONDS = 600;

export class InputError extends Error {}

/** A RIFF/WAVE header: such files are parsed by our own reader (loaders/audio/wav.ts) on both sides. */
export function isWav(bytes: Uint8Array): boolean {
  const tag = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  return bytes.length >= 12 && tag(0) === "RIFF" && tag(8) === "WAVE";
}

export function toMono16k(channels: Float32Array[], sampleRate: number, originalChannels = channels.length): {samples: Float32Array; warnings: string[]} {
  const warnings: string[] = [];
  if (!channels.length || channels[0].length === 0) throw new InputError("the file holds no audio samples");
  if (!(sampleRate >= 1000 && sampleRate <= 768000)) throw new InputError(`unusable sample rate ${sampleRate} Hz`);
  const n = Math.min(channels[0].length, Math.ceil(MAX_SECONDS * sampleRate));
  if (channels[0].length > n)
    warnings.push(
      `the recording is ${(channels[0].length / sampleRate / 60).toFixed(1)} minutes long; only the first ${MAX_SECONDS / 60} minutes are classified`
    );
  if (originalChannels > 1) warnings.push(`${originalChannels} channels were averaged to mono`);
  const mono = new Float64Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) mono[i] += ch[i] / channels.length;
  for (let i = 0; i < n; i++) if (!Number.isFinite(mono[i])) throw new InputError(`sample ${i} is not a finite number: the file is corrupt`);
  if (sampleRate !== SAMPLE_RATE) warnings.push(`resampled from ${sampleRate} Hz to ${SAMPLE_RATE} Hz`);
  const out = sampleRate === SAMPLE_RATE ? mono : resample(mono, SAMPLE_RATE / sampleRate);
  return {samples: Float32Array.from(out), warnings};
}

/**
 * The sample rate a compressed file decodes at, read from its header: FLAC's STREAMINFO, the Ogg
 * Vorbis identification header (Ogg Opus and WebM Opus always decode at 48 kHz), the first MPEG
 * audio frame after any ID3v2 tag, Matroska's SamplingFrequency, MP4's audio media header
 * (`mdhd` timescale). The page decodes at this rate so that the browser does not resample before
 * our resampler does — the command line decodes at the native rate too, and both then agree. Null
 * when the format is not recognised (the page then decodes at 48 kHz and says so).
 */
export function nativeSampleRate(b: Uint8Array): number | null {
  const tag = (o: number, s: string) => [...s].every((c, i) => b[o + i] === c.charCodeAt(0));
  const u32le = (o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  const u32be = (o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  const find = (s: string, from = 0, to = Math.min(b.length, 1 << 20)) => {
    for (let i = from; i + s.length <= to; i++) if (tag(i, s)) return i;
    return -1;
  };
  const plausible = (r: number) => (r >= 1000 && r <= 768000 && Number.isInteger(r) ? r : null);
  if (b.length < 12) return null;
  if (tag(0, "fLaC") && b.length >= 21) return plausible((b[18] << 12) | (b[19] << 4) | (b[20] >> 4));
  if (tag(0, "OggS")) {
    const packet = 27 + b[26];
    if (tag(packet, "\x01vorbis")) return plausible(u32le(packet + 12));
    if (tag(packet, "OpusHead")) return 48000;
    return null;
  }
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    if (find("A_OPUS") >= 0) return 48000;
    // SamplingFrequency: element 0xB5, a one-byte size (0x84 or 0x88), then a big-endian float.
    for (let i = 0; i + 10 < Math.min(b.length, 1 << 16); i++) {
      if (b[i] !== 0xb5 || (b[i + 1] !== 0x84 && b[i + 1] !== 0x88)) continue;
      const view = new DataView(b.buffer, b.byteOffset + i + 2, b[i + 1] === 0x84 ? 4 : 8);
      const r = plausible(b[i + 1] === 0x84 ? view.getFloat32(0) : view.getFloat64(0));
      if (r) return r;
    }
    return null;
  }
  if (tag(4, "ftyp")) {
    const at = find("mdhd");
    if (at < 0) return null;
    return plausible(u32be(at + 4 + 4 + (b[at + 4] === 1 ? 16 : 8)));
  }
  let o = 0;
  if (tag(0, "ID3") && b.length >= 10) o = 10 + ((b[6] << 21) | (b[7] << 14) | (b[8] << 7) | b[9]) + (b[5] & 0x10 ? 10 : 0);
  for (let i = o; i + 4 <= Math.min(b.length, o + 65536); i++) {
    if (b[i] !== 0xff || (b[i + 1] & 0xe0) !== 0xe0) continue;
    const version = (b[i + 1] >> 3) & 3,
      layer = (b[i + 1] >> 1) & 3,
      index = (b[i + 2] >> 2) & 3;
    if (version === 1 || layer === 0 || index === 3 || b[i + 2] >> 4 === 15) continue;
    const base = [11025, 12000, 8000][index];
    return base * (version === 3 ? 4 : version === 2 ? 2 : 1);
  }
  return null;
}
