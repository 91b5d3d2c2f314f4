/** Synthetic audio for tests, made in the test run (never fetched). */
import {createHash} from "node:crypto";
import {mkdtemp, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";

/** 16-bit PCM WAV with `channels` interleaved copies of the signal (channel c scaled by 1/(c+1)). */
export function wavBytes(signal: Float64Array | number[], sampleRate: number, channels = 1): Uint8Array {
  const n = signal.length;
  const buf = Buffer.alloc(44 + n * channels * 2);
  buf.write("RIFF", 0);
  buf.writeUInt32LE(36 + n * channels * 2, 4);
  buf.write("WAVEfmt ", 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(channels, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * channels * 2, 28);
  buf.writeUInt16LE(channels * 2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write("data", 36);
  buf.writeUInt32LE(n * channels * 2, 40);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < channels; c++) buf.writeInt16LE(Math.round(Math.max(-1, Math.min(1, signal[i] / (c + 1))) * 32767), 44 + (i * channels + c) * 2);
  return buf;
}

export function sine(freq: number, sampleRate: number, seconds: number, amp = 0.5): Float64Array {
  return Float64Array.from({length: Math.round(sampleRate * seconds)}, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / sampleRate));
}

export async function tempDir(prefix = "cry-test-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function writeFixture(dir: string, name: string, bytes: Uint8Array | string): Promise<{path: string; size: number; sha256: string}> {
  await writeFile(join(dir, name), bytes);
  const b = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  return {path: name, size: b.length, sha256: createHash("sha256").update(b).digest("hex")};
}
