/**
 * Audio as the live classifier receives it — any rate, any number of channels — turned into what
 * the pipeline wants: 16 kHz mono float32, with reasons for what cannot be used. Shared verbatim by
 * the page (bundled) and the command line, so both feed the models identical samples.
 */
import {resample} from "../audio/resample.ts";

export const LIVE_RATE = 16000;
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
  if (channels[0].length > n) warnings.push(`the recording is ${(channels[0].length / sampleRate / 60).toFixed(1)} minutes long; only the first ${MAX_SECONDS / 60} minutes are classified`);
  if (originalChannels > 1) warnings.push(`${originalChannels} channels were averaged to mono`);
  const mono = new Float64Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) mono[i] += ch[i] / channels.length;
  for (let i = 0; i < n; i++) if (!Number.isFinite(mono[i])) throw new InputError(`sample ${i} is not a finite number: the file is corrupt`);
  if (sampleRate !== LIVE_RATE) warnings.push(`resampled from ${sampleRate} Hz to ${LIVE_RATE} Hz`);
  const out = sampleRate === LIVE_RATE ? mono : resample(mono, LIVE_RATE / sampleRate);
  return {samples: Float32Array.from(out), warnings};
}
