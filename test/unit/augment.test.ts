import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {addNoise, AUGMENT_PARAMS, augmentCopy, circularShift, pitchShift, planAugmentation} from "../../loaders/audio/augment.ts";
import {filterTables, resample} from "../../loaders/audio/resample.ts";
import {hypot, roundHalfEven, timeStretch} from "../../loaders/audio/time-stretch.ts";
import {rng} from "../../loaders/lib/random.ts";

// Reference outputs from test/fixtures/make_augment_fixtures.py (numpy transcription of librosa's
// phase vocoder; Debian's resampy for resampling).
const fixture = JSON.parse(readFileSync(new URL("../fixtures/augment.json", import.meta.url), "utf8"));

/** Signal-to-error ratio in dB of `x` against `ref` over [a, b). */
function snr(ref: ArrayLike<number>, x: ArrayLike<number>, a = 0, b = ref.length): number {
  let s = 0,
    e = 0;
  for (let i = a; i < b; i++) (s += ref[i] ** 2), (e += (ref[i] - x[i]) ** 2);
  return 10 * Math.log10(s / e);
}

for (const c of fixture.stretch) {
  test(`time stretch ×${c.rate} equals librosa's phase vocoder (SNR ≥ 120 dB, same length)`, () => {
    const y = timeStretch(fixture.cry, c.rate);
    assert.equal(y.length, c.output.length);
    assert.ok(snr(c.output, y) >= 120, `SNR ${snr(c.output, y).toFixed(1)} dB`);
  });
}

// resampy quantises the filter step to int(ratio · 512) table entries; ours interpolates the exact
// cutoff, so downsampling differs by design at ≈ 40 dB. The closed-form test below is the strict one.
for (const c of fixture.resample) {
  test(`resampling ×${c.ratio.toFixed(4)} agrees with resampy kaiser_best (SNR ≥ 35 dB)`, () => {
    const y = resample(fixture.noise, c.ratio);
    assert.ok(Math.abs(y.length - c.output.length) <= 1);
    const n = Math.min(y.length, c.output.length);
    assert.ok(snr(c.output, y, 0, n) >= 35, `SNR ${snr(c.output, y, 0, n).toFixed(1)} dB`);
  });
}

for (const c of fixture.pitch) {
  test(`pitch shift ${c.semitones} semitones agrees with librosa's recipe (stretch + resample; SNR ≥ 35 dB)`, () => {
    const y = pitchShift(fixture.cry, c.semitones);
    assert.equal(y.length, fixture.cry.length);
    assert.ok(snr(c.output, y) >= 35, `SNR ${snr(c.output, y).toFixed(1)} dB`);
  });
}

test("resampling a sum of in-band sines equals sampling them at the new rate (SNR ≥ 110 dB away from the edges)", () => {
  // Below 0.75 of the lowest output Nyquist (4 kHz at ratio 0.5), inside the filter's pass band.
  const tones = [
    [440, 0.7, 0.3],
    [1700, 0.2, 1.1],
    [2900, 0.1, 2.0]
  ];
  const signal = (rate: number, n: number) =>
    Float64Array.from({length: n}, (_, i) => tones.reduce((s, [f, a, p]) => s + a * Math.sin((2 * Math.PI * f * i) / rate + p), 0));
  for (const ratio of [2 ** (-4 / 12), 2 ** (3 / 12), 0.5, 1.5]) {
    const x = signal(16000, 8000);
    const y = resample(x, ratio);
    const ref = signal(16000 * ratio, y.length);
    const edge = Math.ceil((80 * Math.max(1, ratio)) / Math.min(1, ratio)); // filter reach at the ends
    assert.ok(snr(ref, y, edge, y.length - edge) >= 110, `ratio ${ratio}: ${snr(ref, y, edge, y.length - edge).toFixed(1)} dB`);
  }
});

test("the resampler's paired outputs equal one output at a time, bit for bit, at every length and ratio", () => {
  // The plain loop: every output sample's taps in ascending order, one accumulator.
  const plain = (x: Float64Array, ratio: number) => {
    const {h, dh} = filterTables();
    const cutoff = 0.9475937167399596 * Math.min(1, ratio),
      reach = 64 / cutoff,
      scale = cutoff * 512;
    return Float64Array.from({length: Math.ceil(x.length * ratio)}, (_, j) => {
      const t = j / ratio;
      let acc = 0;
      for (let i = Math.max(0, Math.ceil(t - reach)); i <= Math.min(x.length - 1, Math.floor(t + reach)); i++) {
        const u = Math.abs(t - i) * scale,
          k = Math.floor(u);
        acc += x[i] * (h[k] + (u - k) * dh[k]);
      }
      return acc * cutoff;
    });
  };
  const random = rng(9);
  for (const len of [1, 2, 3, 50, 129, 300, 2001])
    for (const ratio of [0.05, 0.5, 0.891, 1, 1.0595, 3, 17.3]) {
      const x = Float64Array.from({length: len}, () => random() * 2 - 1);
      const a = resample(x, ratio),
        b = plain(x, ratio);
      assert.equal(a.length, b.length);
      assert.ok(
        a.every((v, i) => Object.is(v, b[i])),
        `length ${len}, ratio ${ratio}`
      );
    }
});

test("the phase vocoder's hypot is V8's Math.hypot bit for bit, and its round is numpy's (halves to even)", () => {
  const edge = [0, -0, 5e-324, -1e-310, 1e-160, 1e160, 1.7e308, -1.7e308, 0.5, 3, -4, NaN, Infinity, -Infinity];
  for (const a of edge) for (const b of edge) assert.ok(Object.is(hypot(a, b), Math.hypot(a, b)), `hypot(${a}, ${b})`);
  const random = rng(11);
  for (let i = 0; i < 200000; i++) {
    const scale = 10 ** (random() * 40 - 20);
    const a = (random() - 0.5) * scale,
      b = (random() - 0.5) * (random() < 0.1 ? scale * 1e-8 : scale);
    if (!Object.is(hypot(a, b), Math.hypot(a, b))) assert.fail(`hypot(${a}, ${b}) = ${hypot(a, b)}, Math.hypot gives ${Math.hypot(a, b)}`);
  }
  // numpy.round: 0.5 → 0, 1.5 → 2, 2.5 → 2, −0.5 → −0, −1.5 → −2; everything else to the nearest.
  const cases: [number, number][] = [
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [-0.5, -0],
    [-1.5, -2],
    [-2.5, -2],
    [2 ** 52 + 1, 2 ** 52 + 1],
    [0.49999999999999994, 0],
    [-0.3, -0],
    [7.5000001, 8],
    [1e15 + 0.5, 1e15],
    [NaN, NaN],
    [Infinity, Infinity]
  ];
  for (const [x, want] of cases) assert.ok(Object.is(roundHalfEven(x), want), `round(${x}) = ${roundHalfEven(x)}, numpy gives ${want}`);
});

test("pitch shift of a sine moves its frequency by 2^(n/12)", () => {
  const x = Float64Array.from({length: 16000}, (_, i) => Math.sin((2 * Math.PI * 500 * i) / 16000));
  for (const n of [-4, 4]) {
    const y = pitchShift(x, n);
    // Zero crossings over the middle half count the frequency.
    let crossings = 0;
    for (let i = 4000; i < 12000; i++) if (y[i - 1] < 0 !== y[i] < 0) crossings++;
    const f = crossings / 2 / 0.5;
    assert.ok(Math.abs(f - 500 * 2 ** (n / 12)) < 5, `${n} semitones: ${f} Hz`);
  }
});

test("circular shift is np.roll by int(fraction · n); noise has the drawn amplitude", () => {
  assert.deepEqual(Array.from(circularShift([1, 2, 3, 4, 5], 0.4)), [4, 5, 1, 2, 3]);
  assert.deepEqual(Array.from(circularShift([1, 2, 3, 4, 5], -0.2)), [2, 3, 4, 5, 1]);
  const noisy = addNoise(new Float64Array(20000), 0.01, rng(1));
  const sd = Math.sqrt(noisy.reduce((s, v) => s + v * v, 0) / noisy.length);
  assert.ok(Math.abs(sd - 0.01) < 0.0005, `sd ${sd}`);
});

test("augmentation: copy 0 is clean, copies are reproducible from (sha256, copy, seed), the paper's probabilities hold", () => {
  const x = Float64Array.from({length: 20000}, (_, i) => Math.sin(i / 7));
  const a = augmentCopy(x, "ab12", 0, 42);
  assert.equal(a.plan.augmented, false);
  assert.deepEqual(a.signal, x);
  const b1 = augmentCopy(x, "ab12", 1, 42),
    b2 = augmentCopy(x, "ab12", 1, 42);
  assert.deepEqual(b1.plan, b2.plan);
  assert.deepEqual(b1.signal, b2.signal);
  // Plans only (cheap): frequencies over many draws match the paper's probabilities.
  const random = rng(7);
  const plans = Array.from({length: 20000}, () => planAugmentation(random, 1));
  const rate = (f: (p: (typeof plans)[number]) => boolean) => plans.filter(f).length / plans.length;
  assert.ok(Math.abs(rate((p) => p.augmented) - AUGMENT_PARAMS.pAugment) < 0.015);
  const aug = plans.filter((p) => p.augmented);
  const share = (f: (p: (typeof plans)[number]) => boolean) => aug.filter(f).length / aug.length;
  assert.ok(Math.abs(share((p) => p.noise !== null) - 0.5) < 0.02);
  assert.ok(Math.abs(share((p) => p.shift !== null) - 0.3) < 0.02);
  for (const p of aug) {
    if (p.stretch !== null) assert.ok(p.stretch >= 0.8 && p.stretch <= 1.25);
    if (p.semitones !== null) assert.ok(p.semitones >= -4 && p.semitones <= 4);
    if (p.noise !== null) assert.ok(p.noise >= 0.001 && p.noise <= 0.015);
  }
  assert.throws(() => timeStretch(x, 0), /positive/);
  assert.throws(() => resample(x, Number.NaN), /positive/);
});
