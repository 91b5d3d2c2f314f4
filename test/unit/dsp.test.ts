import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {CLIP_HOP, CLIP_SAMPLES, dropSilentClips, meanPool, normalizeRms, rms, segmentClips} from "../../loaders/audio/clips.ts";
import {gaussianFilter1d, gaussianKernel} from "../../loaders/audio/gaussian.ts";
import {preprocess, PreprocessError} from "../../loaders/audio/preprocess.ts";
import {wiener} from "../../loaders/audio/wiener.ts";
import {rng} from "../../loaders/lib/random.ts";

interface Case {
  name: string;
  input: number[];
  wiener: number[];
  wiener_gaussian: number[];
  gaussian_sigma2: number[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/dsp.json", import.meta.url), "utf8")) as {scipy: string; cases: Case[]};

/** Equal to float32 precision: |a − b| ≤ 2⁻²³·max(1, |b|)·4. */
function assertFloat32Close(actual: ArrayLike<number>, expected: number[], what: string) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const tol = 4 * 2 ** -23 * Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs scipy ${expected[i]}`);
  }
}

for (const c of fixture.cases) {
  test(`wiener and gaussian_filter1d match scipy ${fixture.scipy}: ${c.name}`, () => {
    const x = Float32Array.from(c.input);
    const w = wiener(x);
    assertFloat32Close(w, c.wiener, "wiener");
    assertFloat32Close(gaussianFilter1d(w, 0.5), c.wiener_gaussian, "wiener→gaussian σ0.5");
    assertFloat32Close(gaussianFilter1d(x, 2.0), c.gaussian_sigma2, "gaussian σ2 (kernel longer than short inputs)");
  });
}

test("gaussian kernel: radius int(4σ+0.5), normalised", () => {
  assert.equal(gaussianKernel(0.5).length, 5);
  assert.ok(Math.abs(gaussianKernel(0.5).reduce((a, b) => a + b) - 1) < 1e-15);
});

test("clips: 2 s windows, hop 28800, last one zero-padded, at least one", () => {
  assert.equal(segmentClips(new Float32Array(0)).length, 1);
  assert.equal(segmentClips(new Float32Array(100)).length, 1);
  assert.equal(segmentClips(new Float32Array(CLIP_SAMPLES)).length, 1);
  const x = Float32Array.from({length: CLIP_SAMPLES + 1}, (_, i) => i + 1);
  const clips = segmentClips(x);
  assert.equal(clips.length, 2);
  assert.equal(clips[1][0], CLIP_HOP + 1);
  assert.equal(clips[1][CLIP_SAMPLES - CLIP_HOP], CLIP_SAMPLES + 1); // the signal's last sample
  assert.equal(clips[1][CLIP_SAMPLES - CLIP_HOP + 1], 0); // then zero padding
  // 7 s of audio (112000 samples): starts 0, 28800, 57600, 86400 → 4 clips.
  assert.equal(segmentClips(new Float32Array(112000)).length, 4);
});

test("silent clips are dropped at −50 dB, keeping at least one", () => {
  const loud = new Float32Array(10).fill(0.1); // −20 dB
  const quiet = new Float32Array(10).fill(0.001); // −60 dB
  assert.deepEqual(dropSilentClips([quiet, loud, quiet]).kept, [1]);
  assert.deepEqual(dropSilentClips([quiet, quiet]).kept, [0]);
});

test("unit RMS and mean pooling", () => {
  assert.ok(Math.abs(rms(normalizeRms([3, -4, 0, 5])) - 1) < 1e-9);
  assert.deepEqual(
    Array.from(
      meanPool([
        [1, 2],
        [3, 4]
      ])
    ),
    [2, 3]
  );
});

test("preprocess rejects what scipy would turn into NaN", () => {
  assert.throws(
    () => preprocess(new Float32Array(16000)),
    (e: unknown) => e instanceof PreprocessError && /silent/.test((e as Error).message)
  );
  assert.throws(() => preprocess(new Float32Array(0)), PreprocessError);
  assert.throws(() => preprocess(Float32Array.from([0.1, NaN, 0.2])), /non-finite sample at index 1/);
  const sel = preprocess(Float32Array.from({length: 48000}, (_, i) => Math.sin(i / 5)));
  assert.equal(sel.clips.length, 2);
});

// The filters' and the resampler's fast paths (unrolled windows, two outputs per loop) against the
// plain loops they replaced, bit for bit: same sums in the same order, −0 and short signals included.
function plainWiener(x: ArrayLike<number>, size: number): Float64Array {
  const n = x.length,
    half = Math.floor(size / 2);
  const mean = new Float64Array(n),
    variance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0,
      s2 = 0;
    for (let k = -half; k < size - half; k++) if (i + k >= 0 && i + k < n) (s += x[i + k]), (s2 += x[i + k] * x[i + k]);
    mean[i] = s / size;
    variance[i] = s2 / size - mean[i] * mean[i];
  }
  let noise = 0;
  for (let i = 0; i < n; i++) noise += variance[i];
  noise /= n;
  return Float64Array.from(mean, (m, i) => (variance[i] < noise ? m : (x[i] - m) * (1 - noise / variance[i]) + m));
}
function plainGaussian(x: ArrayLike<number>, sigma: number): Float64Array {
  const w = gaussianKernel(sigma),
    r = (w.length - 1) / 2,
    n = x.length;
  const reflect = (j: number) => {
    const m = ((j % (2 * n)) + 2 * n) % (2 * n);
    return n === 1 ? 0 : m < n ? m : 2 * n - 1 - m;
  };
  return Float64Array.from({length: n}, (_, i) => {
    let acc = 0;
    for (let k = -r; k <= r; k++) acc += w[k + r] * x[reflect(i + k)];
    return acc;
  });
}

test("the Wiener filter's and the Gaussian smoothing's unrolled windows equal the plain loops bit for bit", () => {
  const random = rng(11);
  for (let len = 1; len < 300; len += 7)
    for (const kind of ["f32", "f64", "negzero"]) {
      let x: Float32Array | Float64Array = Float64Array.from({length: len}, () => random() * 2 - 1);
      if (kind === "f32") x = Float32Array.from(x);
      if (kind === "negzero") x = x.map((v, i) => (i % 2 ? -0 : v * 1e-300));
      for (const size of [1, 3, 5]) {
        const a = wiener(x, size),
          b = plainWiener(x, size);
        assert.ok(
          a.every((v, i) => Object.is(v, b[i])),
          `wiener ${kind} ${len} ${size}`
        );
      }
      for (const sigma of [0.5, 1, 2.5]) {
        const a = gaussianFilter1d(x, sigma),
          b = plainGaussian(x, sigma);
        assert.ok(
          a.every((v, i) => Object.is(v, b[i])),
          `gaussian ${kind} ${len} σ ${sigma}`
        );
      }
    }
});
