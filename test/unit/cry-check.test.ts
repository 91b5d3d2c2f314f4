// The cry check's parts: the generated non-cry sounds (against closed forms), the set without its
// Debian packages, the tuning/evaluation halves, the rule choice on synthetic evidence with known
// answers (AudioSet scores separable → an AudioSet rule; only embeddings separable → the head), and
// the cry head's ONNX against the TypeScript model.
import assert from "node:assert/strict";
import {test} from "node:test";
import * as ort from "onnxruntime-node";
import {assignHalves, chooseRule, TARGETS} from "../../loaders/cry/choose.ts";
import type {Evidence, EvidenceRow} from "../../loaders/cry/evidence.ts";
import {buildNonCrySet, chirp, clicks, colouredNoise, everyKth, generatedItems, NON_CRY_PACKAGES, tone} from "../../loaders/cry/non-cry-set.ts";
import {SAMPLE_RATE} from "../../loaders/audio/rate.ts";
import {rng} from "../../loaders/lib/random.ts";

/** Power of x at frequency f (one DFT bin, Goertzel-free direct sum). */
function powerAt(x: Float32Array, f: number): number {
  let re = 0,
    im = 0;
  for (let i = 0; i < x.length; i++) (re += x[i] * Math.cos((2 * Math.PI * f * i) / SAMPLE_RATE)), (im -= x[i] * Math.sin((2 * Math.PI * f * i) / SAMPLE_RATE));
  return (re * re + im * im) / x.length;
}

/** Zero crossings per second over [a, b) seconds: twice the frequency of a pure tone. */
function crossingsPerSecond(x: Float32Array, a: number, b: number): number {
  let n = 0;
  for (let i = Math.floor(a * SAMPLE_RATE) + 1; i < b * SAMPLE_RATE; i++) if (x[i - 1] < 0 !== x[i] < 0) n++;
  return n / (b - a);
}

test("generated non-cry sounds: tones, sweeps, noise colours and clicks are what they claim", () => {
  const t = tone(440, 1);
  assert.equal(t.length, SAMPLE_RATE);
  assert.ok(Math.abs(crossingsPerSecond(t, 0, 1) - 880) <= 2);
  assert.ok(powerAt(t, 440) > 1000 * powerAt(t, 500));
  const h = tone(300, 1, {harmonics: 8});
  assert.ok(powerAt(h, 900) > 100 * powerAt(h, 750), "partials at multiples of f0");
  const lin = chirp(200, 4000, 4, "linear");
  assert.ok(Math.abs(crossingsPerSecond(lin, 0, 0.1) / 2 - 247.5) < 15, "starts near 200 Hz");
  assert.ok(Math.abs(crossingsPerSecond(lin, 3.9, 4) / 2 - 3952.5) < 40, "ends near 4000 Hz");
  // Pink noise has more power low than high; blue the reverse; white about level.
  const band = (x: Float32Array, lo: number, hi: number) => [0, 1, 2, 3].reduce((s, k) => s + powerAt(x, lo + ((hi - lo) * k) / 3), 0);
  const pink = colouredNoise(-1, 1, 1),
    blue = colouredNoise(1, 1, 1),
    white = colouredNoise(0, 1, 1);
  assert.ok(band(pink, 100, 200) > 5 * band(pink, 4000, 5000));
  assert.ok(band(blue, 4000, 5000) > 5 * band(blue, 100, 200));
  assert.deepEqual(colouredNoise(-1, 1, 1), pink, "seeded");
  for (const x of [pink, blue, white]) assert.ok(x.every((v) => Number.isFinite(v) && Math.abs(v) <= 0.52));
  const c = clicks(12, 4, 2);
  const onsets = c.reduce((n, v, i) => n + (v !== 0 && c[i - 1] === 0 ? 1 : 0), 0);
  assert.ok(onsets >= 10 && onsets <= 12, `${onsets} click onsets`);
  assert.ok(c.filter((v) => v === 0).length > 0.99 * c.length, "silence between clicks");
  const items = generatedItems();
  assert.deepEqual([...new Set(items.map((i) => i.family))].sort(), ["chirps", "clicks", "noise", "tones"]);
  assert.equal(new Set(items.map((i) => i.id)).size, items.length, "ids unique");
});

test("the non-cry set without its Debian packages: generated families only, and each missing family says which package to install", async () => {
  const none = new Map(Object.keys(NON_CRY_PACKAGES).map((p) => [p, null]));
  const set = await buildNonCrySet(none);
  assert.deepEqual(
    set.items.map((i) => i.id),
    generatedItems().map((i) => i.id)
  );
  assert.equal(set.missing.length, Object.keys(NON_CRY_PACKAGES).length);
  for (const m of set.missing) assert.match(m.reason, /^Debian package \S+ is not installed \(apt-get install \S+\)$/);
  assert.deepEqual(set.packages, []);
  assert.deepEqual(everyKth([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4), [0, 2, 5, 7]);
  assert.deepEqual(everyKth([1, 2], 4), [1, 2]);
});

/**
 * Synthetic evidence: `n` corpus recordings in installations of 3, non-cry items in four families of
 * `n / 8` files. With `tricky`, a fifth family looks like the cries on the embedding's first axis and
 * differs from them only on the second: a head that saw it learns to reject it; one that did not, cannot.
 */
function synthetic(
  n: number,
  {scoresSeparate, embeddingsSeparate, tricky = false}: {scoresSeparate: boolean; embeddingsSeparate: boolean; tricky?: boolean},
  seed = 1
): Evidence {
  const random = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rows: EvidenceRow[] = [];
  const dim = 8;
  const emb: number[] = [];
  const add = (cry: boolean, source: string, group: string) => {
    const score = scoresSeparate ? (cry ? 0.05 + 0.5 * random() : 0.001 * random()) : 0.05 * random();
    rows.push({
      id: `${source}/${rows.length}`,
      cry,
      source,
      group,
      seconds: 4,
      clips: [{cryScore: score, cryRank: scoresSeparate ? (cry ? 1 : 300) : 1 + Math.floor(random() * 50)}],
      heard: cry ? "Baby cry, infant cry" : "Speech"
    });
    const looksLikeCry = cry || source === "tricky";
    for (let j = 0; j < dim; j++)
      emb.push(0.5 * gauss() + (embeddingsSeparate && j === 0 ? (looksLikeCry ? 3 : -3) : 0) + (j === 1 && source === "tricky" ? 4 : 0));
  };
  for (let i = 0; i < n; i++) add(true, i % 3 === 0 ? "cleaned WAVs" : "raw uploads", `inst${Math.floor(i / 3)}`);
  for (const family of ["music", "speech", "tones", "noise", ...(tricky ? ["tricky"] : [])])
    for (let i = 0; i < n / 8; i++) add(false, family, `${family}-file${i}`);
  return {rows, embeddings: Float32Array.from(emb), dim, nonCry: {missing: [], packages: [], skipped: []}, skipped: []};
}

test("halves: units never straddle, each stratum alternates, the same input gives the same halves", () => {
  const ev = synthetic(120, {scoresSeparate: true, embeddingsSeparate: true});
  const h = assignHalves(ev.rows);
  assert.deepEqual(assignHalves(ev.rows), h);
  const byGroup = new Map<string, Set<string>>();
  ev.rows.forEach((r, i) => byGroup.set(r.group, (byGroup.get(r.group) ?? new Set()).add(h[i])));
  for (const halves of byGroup.values()) assert.equal(halves.size, 1);
  const corpus = ev.rows.flatMap((r, i) => (r.cry ? [h[i]] : []));
  assert.ok(Math.abs(corpus.filter((x) => x === "tuning").length - corpus.length / 2) <= 3, "the corpus split evenly by installation");
});

test("rule choice: separable AudioSet scores ship a rule passing every cleaned WAV; each family left out is counted per file with an exact interval that is not [0, 0]", () => {
  const ev = synthetic(240, {scoresSeparate: true, embeddingsSeparate: false});
  const {choice} = chooseRule(ev);
  assert.ok(choice.rule.kind === "audioset-score" || choice.rule.kind === "audioset-top-k", choice.rule.kind);
  assert.equal(choice.evaluation.recallCleaned.value, 1);
  assert.equal(choice.heldOut.families.length, 4);
  for (const f of choice.heldOut.families) {
    assert.equal(f.x, 0);
    assert.equal(f.n, 30, `${f.family}: one unit per source file`);
    assert.ok(f.hi > 0.05 && f.hi < 0.15, `${f.family}: no accepted file still has an upper bound (${f.hi})`);
  }
  assert.equal(choice.heldOut.pooled.n, 120);
  assert.ok(Math.abs(choice.heldOut.pooled.hi - (1 - 0.025 ** (1 / 120))) < 1e-9);
  assert.ok(choice.meets && choice.checks.every((c) => c.holds && c.by === 0));
});

test("leave-one-family-out finds what the in-sample rate hides: a family the head learned to reject passes once it is left out", () => {
  const {choice} = chooseRule(synthetic(240, {scoresSeparate: false, embeddingsSeparate: true, tricky: true}));
  assert.ok(choice.rule.kind === "head" || choice.rule.kind === "audioset-and-head", `the head decides (${choice.rule.kind})`);
  assert.ok(choice.seenFalseAcceptance < 0.02, `in sample: ${choice.seenFalseAcceptance}`);
  const tricky = choice.heldOut.families.find((f) => f.family === "tricky")!;
  assert.ok(tricky.value > 0.8, `left out, the tricky family passes: ${tricky.value}`);
  assert.equal(choice.heldOut.families[0].family, "tricky", "sorted worst first");
  for (const f of choice.heldOut.families.filter((f) => f.family !== "tricky")) assert.ok(f.value <= 0.05, `${f.family}: ${f.value}`);
  const worst = choice.checks.find((c) => c.what.startsWith("worst family"))!;
  assert.equal(worst.holds, false);
  assert.ok(Math.abs(worst.by - (tricky.value - TARGETS.familyMax)) < 1e-12);
  assert.equal(choice.meets, false);
});

test("the exported cry head gives probabilities that separate what its training separated", async () => {
  const ev = synthetic(240, {scoresSeparate: false, embeddingsSeparate: true});
  const {choice, headOnnx} = chooseRule(ev);
  assert.ok(choice.head.evaluationAuc > 0.99);
  const s = await ort.InferenceSession.create(headOnnx);
  const N = ev.rows.length,
    pick = [0, 1, 2, N - 3, N - 2, N - 1];
  const x = new Float32Array(pick.length * ev.dim);
  pick.forEach((r, k) => x.set(ev.embeddings.subarray(r * ev.dim, (r + 1) * ev.dim), k * ev.dim));
  const p = (await s.run({embedding: new ort.Tensor("float32", x, [pick.length, ev.dim])})).probabilities.data as Float32Array;
  pick.forEach((r, i) => {
    assert.ok(Math.abs(p[2 * i] + p[2 * i + 1] - 1) < 1e-6);
    assert.equal(p[2 * i + 1] >= 0.5, ev.rows[r].cry, `row ${r}: P(cry) ${p[2 * i + 1]}`);
  });
});

test(".ci/run installs every Debian package the non-cry set draws on", async () => {
  const {readFileSync} = await import("node:fs");
  const ci = readFileSync(new URL("../../.ci/run", import.meta.url), "utf8");
  const list = /DEBIAN_PACKAGES=\(([^)]*)\)/.exec(ci)?.[1].split(/\s+/) ?? [];
  for (const p of Object.keys(NON_CRY_PACKAGES)) assert.ok(list.includes(p), `.ci/run does not install ${p}`);
  // It runs the README's test command's steps, in order (split only to wait for the install before the build).
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  const steps = pkg.scripts.test.split("&&").map((s: string) => s.trim());
  // (Each step may be wrapped in the script's `timed`, which prints its wall time.)
  const ran = [...ci.matchAll(/^(?:timed )?npm run (\S+)$/gm)].map((m) => `npm run ${m[1]}`);
  assert.deepEqual(ran, steps);
});

test("a family's origin names every package its files come from (music: Asterisk's and Hedgewars'), and generated families the build", async () => {
  const {originOf} = await import("../../loaders/pipeline/cry-check.ts");
  const packages = [
    {name: "asterisk-moh-opsound-wav", version: "2.03-1.1", licence: "GPL-2"},
    {name: "hedgewars-data", version: "1.0.2-6", licence: "GPL-2, MIT"}
  ];
  const music = originOf("music", packages, [
    "asterisk-moh-opsound-wav: /usr/share/asterisk/moh/a.wav",
    "hedgewars-data: /usr/share/games/hedgewars/Data/Music/Art.ogg"
  ]);
  assert.equal(music.origin, "asterisk-moh-opsound-wav 2.03-1.1, hedgewars-data 1.0.2-6");
  assert.equal(music.licence, "GPL-2; GPL-2, MIT");
  assert.equal(originOf("music", packages, ["asterisk-moh-opsound-wav: /usr/share/asterisk/moh/a.wav"]).origin, "asterisk-moh-opsound-wav 2.03-1.1");
  assert.deepEqual(originOf("tones", packages, ["tone 440 Hz"]), {origin: "generated by the build", licence: "made by this build"});
});
