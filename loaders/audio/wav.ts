/** Read a RIFF/WAVE byte stream (PCM 8/16/24/32-bit or IEEE float 32/64) into per-channel-mixed mono. */

export interface Pcm {
  sampleRate: number;
  channels: number;
  /** Mono: the mean of the channels, as librosa's `to_mono` does. */
  samples: Float32Array;
}

export class WavError extends Error {}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export function parseWav(bytes: Uint8Array): Pcm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new WavError("not a RIFF/WAVE stream");
  let o = 12;
  let format = 0,
    channels = 0,
    sampleRate = 0,
    bits = 0;
  let dataStart = -1,
    dataEnd = -1;
  while (o + 8 <= bytes.length) {
    const id = tag(o);
    const size = view.getUint32(o + 4, true);
    if (id === "fmt ") {
      if (o + 24 > bytes.length || size < 16) throw new WavError("truncated WAV header (the fmt chunk is cut short)");
      format = view.getUint16(o + 8, true);
      channels = view.getUint16(o + 10, true);
      sampleRate = view.getUint32(o + 12, true);
      bits = view.getUint16(o + 22, true);
      if (format === 0xfffe && size >= 26 && o + 34 <= bytes.length) format = view.getUint16(o + 32, true);
    } else if (id === "data") {
      dataStart = o + 8;
      // Streamed WAVs (ffmpeg to a pipe) leave the size unknown: read to the end.
      dataEnd = size === 0 || size === 0xffffffff || dataStart + size > bytes.length ? bytes.length : dataStart + size;
      break;
    }
    o += 8 + size + (size & 1);
  }
  if (!channels || !sampleRate) throw new WavError("no fmt chunk (truncated or not a WAV file)");
  if (dataStart < 0) throw new WavError("no data chunk (truncated WAV file)");
  if (![8, 16, 24, 32, 64].includes(bits)) throw new WavError(`unsupported WAV sample size ${bits} bits`);
  const bytesPer = bits / 8;
  const frames = Math.floor((dataEnd - dataStart) / (bytesPer * channels));
  // Mono float32, what the decoder writes (ffmpeg's pcm_f32le): the bytes are the samples, so they
  // are copied at once instead of read one by one through the DataView (a fifth of decoding the
  // corpus). 0 + x turns −0 into +0 in the general loop; so does the fix-up here.
  if (format === 3 && bits === 32 && channels === 1 && LITTLE_ENDIAN) {
    const samples = new Float32Array(frames);
    new Uint8Array(samples.buffer).set(bytes.subarray(dataStart, dataStart + 4 * frames));
    for (let i = 0; i < frames; i++) if (samples[i] === 0) samples[i] = 0;
    return {sampleRate, channels, samples};
  }
  const read = sampleReader(view, format, bits);
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let acc = 0;
    for (let c = 0; c < channels; c++) acc += read(dataStart + (i * channels + c) * bytesPer);
    samples[i] = acc / channels;
  }
  return {sampleRate, channels, samples};
}

function sampleReader(view: DataView, format: number, bits: number): (o: number) => number {
  if (format === 3 && bits === 32) return (o) => view.getFloat32(o, true);
  if (format === 3 && bits === 64) return (o) => view.getFloat64(o, true);
  if (format === 1 && bits === 16) return (o) => view.getInt16(o, true) / 32768;
  if (format === 1 && bits === 8) return (o) => (view.getUint8(o) - 128) / 128;
  if (format === 1 && bits === 24) return (o) => (view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) / 8388608;
  if (format === 1 && bits === 32) return (o) => view.getInt32(o, true) / 2147483648;
  throw new WavError(`unsupported WAV encoding (format ${format}, ${bits} bits)`);
}

/** Mono samples in [-1, 1] as a 16-bit PCM WAV file (values outside are clipped). */
export function encodeWav16(samples: ArrayLike<number>, sampleRate: number): Uint8Array {
  const n = samples.length,
    b = Buffer.alloc(44 + 2 * n);
  b.write("RIFF", 0);
  b.writeUInt32LE(36 + 2 * n, 4);
  b.write("WAVEfmt ", 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(sampleRate, 24);
  b.writeUInt32LE(2 * sampleRate, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36);
  b.writeUInt32LE(2 * n, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767), 44 + 2 * i);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}
