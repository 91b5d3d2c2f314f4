/**
 * Short-time Fourier transform and its inverse with librosa's defaults (center=True, zero padding,
 * periodic Hann window, hop n_fft/4), because the paper's time stretch and pitch shift are
 * librosa's. Spectra are stored frame-major: frame t, bin k at [t * bins + k].
 */
import FFT from "fft.js";

export interface Spectrogram {
  nFft: number;
  hop: number;
  frames: number;
  bins: number;
  re: Float64Array;
  im: Float64Array;
}

export function hann(n: number): Float64Array {
  // Periodic ("fftbins=True") Hann, as scipy.signal.get_window('hann', n) returns.
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

export function stft(y: ArrayLike<number>, nFft = 2048, hop = nFft / 4): Spectrogram {
  const pad = nFft / 2;
  const padded = new Float64Array(y.length + 2 * pad);
  for (let i = 0; i < y.length; i++) padded[pad + i] = y[i];
  const frames = 1 + Math.floor((padded.length - nFft) / hop);
  const bins = nFft / 2 + 1;
  const w = hann(nFft);
  const fft = new FFT(nFft);
  const frame = new Array<number>(nFft);
  const out = fft.createComplexArray() as number[];
  const re = new Float64Array(frames * bins),
    im = new Float64Array(frames * bins);
  for (let t = 0; t < frames; t++) {
    for (let i = 0; i < nFft; i++) frame[i] = padded[t * hop + i] * w[i];
    fft.realTransform(out, frame);
    for (let k = 0; k < bins; k++) (re[t * bins + k] = out[2 * k]), (im[t * bins + k] = out[2 * k + 1]);
  }
  return {nFft, hop, frames, bins, re, im};
}

/** Inverse STFT by weighted overlap-add, normalised by the summed squared window, cut to `length`. */
export function istft(S: Spectrogram, length: number): Float64Array {
  const {nFft, hop, frames, bins} = S;
  const w = hann(nFft);
  const fft = new FFT(nFft);
  const spec = fft.createComplexArray() as number[];
  const time = fft.createComplexArray() as number[];
  const total = nFft + hop * (frames - 1);
  const y = new Float64Array(total),
    norm = new Float64Array(total);
  for (let t = 0; t < frames; t++) {
    for (let k = 0; k < bins; k++) {
      spec[2 * k] = S.re[t * bins + k];
      spec[2 * k + 1] = S.im[t * bins + k];
    }
    // numpy's irfft ignores the imaginary part of the DC and Nyquist bins.
    spec[1] = 0;
    spec[2 * (bins - 1) + 1] = 0;
    for (let k = bins; k < nFft; k++) {
      spec[2 * k] = spec[2 * (nFft - k)];
      spec[2 * k + 1] = -spec[2 * (nFft - k) + 1];
    }
    fft.inverseTransform(time, spec);
    for (let i = 0; i < nFft; i++) {
      y[t * hop + i] += time[2 * i] * w[i];
      norm[t * hop + i] += w[i] * w[i];
    }
  }
  const out = new Float64Array(length);
  const start = nFft / 2;
  for (let i = 0; i < length && start + i < total; i++) {
    const n = norm[start + i];
    out[i] = n > 1e-300 ? y[start + i] / n : y[start + i];
  }
  return out;
}
