/**
 * Sounds that are certainly not a baby crying, made by the build from what Debian ships and from
 * generators: synthetic speech (espeak-ng, several languages and voices, including high-pitched
 * ones), recorded speech (Asterisk's English prompts), music (Asterisk's music on hold and Hedgewars' soundtrack), desktop
 * sound themes (freedesktop, Yaru, Oxygen, GNOME), recorded voices, words, shouts, laughter,
 * animals, battle, weather and object sounds from games' and educational programs' packages
 * (RECORDED_FAMILIES), and generated tones, chirps, noise of five colours and clicks in silence.
 * The cry check's rule is chosen on these families and measured on each one left out.
 *
 * A Debian package that is not installed leaves its family out, with the reason in `missing` (the
 * build goes on; `.ci/run` installs them all). Every item is 16 kHz mono float32 with an id, a
 * family and a group: items cut from one file share a group, so a split never separates them.
 */
import {spawn} from "node:child_process";
import {readdir, readFile, stat} from "node:fs/promises";
import {join} from "node:path";
import {decodeEach} from "../audio/decode.ts";
import {SAMPLE_RATE} from "../audio/rate.ts";
import {parseWav} from "../audio/wav.ts";
import {rng} from "../lib/random.ts";
import {toMono16k} from "../audio/live-input.ts";

export interface NonCryItem {
  id: string;
  family: string;
  /** Items from one source file (or one generator setting) share a group. */
  group: string;
  /** Debian package and file, or the generator and its parameters. */
  source: string;
  samples: Float32Array;
}

export interface NonCrySet {
  items: NonCryItem[];
  /** Families left out, and why (a package not installed, a tool missing). */
  missing: {family: string; reason: string}[];
  /** Files of an installed package that could not be used, and why. */
  skipped: {file: string; reason: string}[];
  /** Debian packages used, with their versions and licences (provenance). */
  packages: {name: string; version: string; licence: string}[];
}

/** The Debian packages the set draws on; `.ci/run` installs them. */
export const NON_CRY_PACKAGES = {
  "espeak-ng": "synthetic speech",
  "asterisk-core-sounds-en-wav": "recorded speech",
  "asterisk-moh-opsound-wav": "music",
  "sound-theme-freedesktop": "system sounds",
  "yaru-theme-sound": "system sounds",
  "oxygen-sounds": "system sounds",
  "gnome-audio": "system sounds",
  "ktuberling-data": "spoken words",
  "hedgewars-data": "character voices, game effects and music",
  "wesnoth-1.16-data": "creature, battle and ambient sounds",
  "tuxpaint-data": "drawing-program effects"
} as const;

/**
 * Recorded families from games' and educational programs' sound packages — real recordings of voices,
 * shouts, laughter, animals, weather and objects, the kind of sound a reader may upload by mistake and
 * far harder than generated tones. Files are taken every k-th of the sorted list (`count` at most) so
 * every language / voice / kind is represented; each is cut to `MAX_ITEM_SECONDS`.
 */
export const RECORDED_FAMILIES: {family: string; pkg: keyof typeof NON_CRY_PACKAGES; dir: string; depth: number; count: number}[] = [
  {family: "spoken words", pkg: "ktuberling-data", dir: "/usr/share/ktuberling/sounds", depth: 1, count: 60},
  {family: "character voices", pkg: "hedgewars-data", dir: "/usr/share/games/hedgewars/Data/Sounds/voices", depth: 1, count: 60},
  {family: "game effects", pkg: "hedgewars-data", dir: "/usr/share/games/hedgewars/Data/Sounds", depth: 0, count: 60},
  {family: "creature, battle and ambient sounds", pkg: "wesnoth-1.16-data", dir: "/usr/share/games/wesnoth/1.16/data/core/sounds", depth: 1, count: 60},
  {family: "drawing-program effects", pkg: "tuxpaint-data", dir: "/usr/share/tuxpaint/sounds", depth: 0, count: 60}
];
/** Recorded items longer than this are cut (a few ambient loops run for minutes). */
export const MAX_ITEM_SECONDS = 30;

/** espeak-ng: language, voice variant, pitch (0–99; high pitch is the nearest speech gets to a cry's f0). */
export const ESPEAK_VOICES: [string, string, number][] = [
  ["en", "m3", 50],
  ["en", "f3", 70],
  ["en", "f5", 95],
  ["de", "m1", 45],
  ["de", "f2", 80],
  ["fr", "f1", 75],
  ["fr", "m2", 40],
  ["es", "f4", 85],
  ["es", "m4", 55],
  ["it", "f3", 90],
  ["pt", "m1", 50],
  ["nl", "f2", 65],
  ["pl", "m3", 60],
  ["ru", "f1", 80],
  ["hi", "m2", 50],
  ["sw", "f3", 75],
  ["tr", "m1", 55],
  ["vi", "f4", 85],
  ["cmn", "f2", 90],
  ["ja", "f1", 95]
];
const ESPEAK_TEXT = "One, two, three, four, five. The baby is sleeping now, please speak quietly. Hello, how are you today?";

const SYSTEM_SOUND_DIRS: Record<string, string[]> = {
  "sound-theme-freedesktop": ["/usr/share/sounds/freedesktop/stereo"],
  "yaru-theme-sound": ["/usr/share/sounds/Yaru/stereo"],
  "oxygen-sounds": ["/usr/share/sounds"],
  "gnome-audio": ["/usr/share/sounds"]
};
const SPEECH_DIR = "/usr/share/asterisk/sounds/en_US_f_Allison";
const MUSIC_DIR = "/usr/share/asterisk/moh";
/**
 * A second source of music, so the music family's false acceptance is measured on dozens of tracks
 * rather than Asterisk's five: Hedgewars' soundtrack (hedgewars-data, which the recorded families
 * use already). Only each track's first MUSIC_EXCERPT.fromFirstSeconds are decoded (the tracks run
 * for minutes), and the excerpts are taken at the same fractions of that stretch.
 */
const GAME_MUSIC_DIR = "/usr/share/games/hedgewars/Data/Music";
/** Recorded prompts taken: every k-th of the sorted list, up to this many. */
export const SPEECH_PROMPTS = 60;
/** Music excerpts: this many seconds, at these fractions of each track. */
export const MUSIC_EXCERPT = {seconds: 8, at: [0.1, 0.35, 0.6, 0.85], fromFirstSeconds: 120};

/** A track's excerpts: MUSIC_EXCERPT.seconds long, at MUSIC_EXCERPT.at fractions of the decoded samples. */
function musicExcerpts(x: Float32Array, name: string): {id: string; samples: Float32Array}[] {
  const len = seconds(MUSIC_EXCERPT.seconds);
  return MUSIC_EXCERPT.at.flatMap((f) => {
    const start = Math.floor(f * (x.length - len));
    return start < 0 ? [] : [{id: `${name}@${Math.round(start / SAMPLE_RATE)}s`, samples: x.slice(start, start + len)}];
  });
}

function run(cmd: string, args: string[]): Promise<{code: number; stdout: Buffer; stderr: string}> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, {stdio: ["ignore", "pipe", "pipe"]});
    const out: Buffer[] = [];
    let err = "";
    p.stdout.on("data", (d) => out.push(d));
    p.stderr.on("data", (d) => (err += d));
    p.on("error", (e) => resolve({code: -1, stdout: Buffer.alloc(0), stderr: e.message}));
    p.on("close", (code) => resolve({code: code ?? -1, stdout: Buffer.concat(out), stderr: err}));
  });
}

/** The installed version of a Debian package, or null. */
export async function debianVersion(pkg: string): Promise<string | null> {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format fields, not a template.
  const r = await run("dpkg-query", ["-W", "-f", "${db:Status-Status} ${Version}", pkg]);
  const m = /^installed (\S+)/.exec(r.stdout.toString());
  return r.code === 0 && m ? m[1] : null;
}

/** Files under `dir` whose names match `ext`, sorted, descending `depth` levels of folders. */
async function listFiles(dir: string, ext: RegExp, depth = 0): Promise<string[]> {
  try {
    const names = (await readdir(dir)).sort();
    const out: string[] = [];
    for (const n of names) {
      const st = await stat(join(dir, n));
      if (st.isFile() && ext.test(n)) out.push(join(dir, n));
      else if (st.isDirectory() && depth > 0) out.push(...(await listFiles(join(dir, n), ext, depth - 1)));
    }
    return out;
  } catch {
    return [];
  }
}

/**
 * A package's licences from its Debian copyright file: the machine-readable `License:` fields, and
 * the `/usr/share/common-licenses/…` files a free-form one points to; "see …" when neither is there.
 */
export async function debianLicences(pkg: string): Promise<string> {
  const file = `/usr/share/doc/${pkg}/copyright`;
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch {
    return "copyright file missing";
  }
  const names = new Set<string>();
  for (const m of text.matchAll(/^License:[ \t]*(\S[^\n]*)$/gm)) names.add(m[1].trim());
  for (const m of text.matchAll(/common-licenses\/([A-Za-z0-9.+-]+[A-Za-z0-9+])/g)) names.add(m[1]);
  return names.size ? [...names].sort().join(", ") : `see ${file}`;
}

// ---- generated sounds: pure functions of their parameters and a seed ----

const seconds = (s: number) => Math.round(s * SAMPLE_RATE);

export function tone(freq: number, dur: number, {harmonics = 1, square = false} = {}): Float32Array {
  return Float32Array.from({length: seconds(dur)}, (_, i) => {
    const t = i / SAMPLE_RATE;
    if (square) return 0.5 * Math.sign(Math.sin(2 * Math.PI * freq * t));
    let v = 0;
    for (let h = 1; h <= harmonics; h++) v += Math.sin(2 * Math.PI * freq * h * t) / h;
    return 0.5 * v;
  });
}

/** Linear or exponential sweep from f0 to f1 Hz (phase integrated exactly). */
export function chirp(f0: number, f1: number, dur: number, kind: "linear" | "log"): Float32Array {
  const k = kind === "linear" ? (f1 - f0) / dur : Math.log(f1 / f0) / dur;
  return Float32Array.from({length: seconds(dur)}, (_, i) => {
    const t = i / SAMPLE_RATE;
    const phase = kind === "linear" ? f0 * t + (k * t * t) / 2 : (f0 * (Math.exp(k * t) - 1)) / k;
    return 0.5 * Math.sin(2 * Math.PI * phase);
  });
}

/** A tone with sinusoidal frequency modulation (vibrato): f0 ± depth Hz at `rate` Hz. */
export function vibrato(f0: number, depth: number, rate: number, dur: number): Float32Array {
  return Float32Array.from({length: seconds(dur)}, (_, i) => {
    const t = i / SAMPLE_RATE;
    return 0.5 * Math.sin(2 * Math.PI * f0 * t - (depth / rate) * Math.cos(2 * Math.PI * rate * t));
  });
}

/**
 * Noise whose power spectrum goes as f^exponent (0 white, −1 pink, −2 brown, 1 blue, 2 violet),
 * shaped in the frequency domain from seeded Gaussian noise; peak-scaled to 0.5.
 */
export function colouredNoise(exponent: number, dur: number, seed: number): Float32Array {
  const n = seconds(dur);
  const random = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // Sum of sinusoids at every FFT bin with random phase and amplitude ~ f^(exponent/2): a direct
  // synthesis, O(n · bins) is too slow for 4 s, so bins are spaced 4 Hz (period 0.25 s is plenty).
  const bins = Math.floor(SAMPLE_RATE / 2 / 4);
  const amp = new Float64Array(bins),
    phase = new Float64Array(bins);
  for (let b = 1; b < bins; b++) {
    amp[b] = (b * 4) ** (exponent / 2) * Math.abs(gauss());
    phase[b] = 2 * Math.PI * random();
  }
  const period = SAMPLE_RATE / 4; // 4000 samples
  const cycle = new Float64Array(period);
  for (let b = 1; b < bins; b++) {
    const w = (2 * Math.PI * b) / period;
    for (let i = 0; i < period; i++) cycle[i] += amp[b] * Math.cos(w * i + phase[b]);
  }
  // Repeat the cycle with a fresh random sign-flip per block so it is not a pure 4 Hz buzz.
  const out = new Float32Array(n);
  let peak = 0;
  for (let i = 0; i < period; i++) peak = Math.max(peak, Math.abs(cycle[i]));
  for (let i = 0; i < n; i++) out[i] = (0.5 * cycle[i % period]) / peak;
  const white = rng(seed + 1);
  for (let i = 0; i < n; i++) out[i] += 0.02 * (white() - 0.5);
  return out;
}

/** Silence with `count` clicks (single-sample impulses and 2 ms bursts) at seeded times. */
export function clicks(count: number, dur: number, seed: number): Float32Array {
  const out = new Float32Array(seconds(dur));
  const random = rng(seed);
  for (let c = 0; c < count; c++) {
    const at = Math.floor(random() * (out.length - 64));
    const len = random() < 0.5 ? 1 : 32;
    for (let i = 0; i < len; i++) out[at + i] = (random() < 0.5 ? -1 : 1) * (0.3 + 0.6 * random());
  }
  return out;
}

/** The generated families: (family, group, source, samples). */
export function generatedItems(): NonCryItem[] {
  const items: NonCryItem[] = [];
  const add = (family: string, source: string, samples: Float32Array) =>
    items.push({id: `generated/${source}`, family, group: `generated/${source}`, source, samples});
  for (const f of [250, 440, 1000, 3000]) add("tones", `sine ${f} Hz`, tone(f, 4));
  for (const f of [300, 450, 600]) add("tones", `harmonic complex f0 ${f} Hz, 8 partials`, tone(f, 4, {harmonics: 8}));
  for (const f of [200, 800]) add("tones", `square wave ${f} Hz`, tone(f, 4, {square: true}));
  add("chirps", "linear sweep 200→4000 Hz", chirp(200, 4000, 4, "linear"));
  add("chirps", "log sweep 100→6000 Hz", chirp(100, 6000, 4, "log"));
  add("chirps", "log sweep 4000→300 Hz", chirp(4000, 300, 4, "log"));
  add("chirps", "vibrato 450 ± 60 Hz at 5 Hz", vibrato(450, 60, 5, 4));
  add("chirps", "vibrato 350 ± 30 Hz at 8 Hz", vibrato(350, 30, 8, 4));
  const colours: [string, number][] = [
    ["white", 0],
    ["pink", -1],
    ["brown", -2],
    ["blue", 1],
    ["violet", 2]
  ];
  colours.forEach(([name, e], k) => {
    add("noise", `${name} noise`, colouredNoise(e, 4, 100 + k));
    const quiet = colouredNoise(e, 4, 200 + k).map((v) => v * 0.05);
    add("noise", `${name} noise, −26 dB`, quiet);
  });
  for (const [n, seed] of [
    [3, 1],
    [12, 2],
    [40, 3]
  ])
    add("clicks", `${n} clicks in 4 s of silence`, clicks(n, 4, seed));
  return items;
}

// ---- Debian files ----

async function espeakItems(): Promise<NonCryItem[] | string> {
  const items: NonCryItem[] = [];
  for (const [lang, variant, pitch] of ESPEAK_VOICES) {
    const r = await run("espeak-ng", ["-v", `${lang}+${variant}`, "-p", String(pitch), "-s", "150", "--stdout", ESPEAK_TEXT]);
    if (r.code === -1) return `espeak-ng could not be run (${r.stderr.trim()})`;
    if (r.code !== 0 || r.stdout.length < 44) return `espeak-ng failed for ${lang}+${variant}: ${r.stderr.trim() || `exit ${r.code}`}`;
    const wav = parseWav(new Uint8Array(r.stdout));
    const source = `espeak-ng -v ${lang}+${variant} -p ${pitch}`;
    items.push({id: `espeak/${lang}+${variant}`, family: "synthetic speech", group: source, source, samples: toMono16k([wav.samples], wav.sampleRate).samples});
  }
  return items;
}

interface DecodeOptions {
  /** Cuts a decoded file into items (music excerpts); default: the whole file is one item. */
  cut?: (x: Float32Array, file: string) => {id: string; samples: Float32Array}[];
  maxSeconds?: number;
  /** Item ids are paths relative to this folder (default: the file name). */
  root?: string;
  /** Files that could not be used, and why: the build names them and goes on. */
  skipped: {file: string; reason: string}[];
}

async function decodedItems(files: string[], family: string, pkg: string, {cut, maxSeconds = 3600, root, skipped}: DecodeOptions): Promise<NonCryItem[]> {
  const items: NonCryItem[] = [];
  // Many files to an ffmpeg process; a file ffmpeg refuses is named with its reason and skipped.
  const decoded = await decodeEach(files, maxSeconds);
  for (const [f, file] of files.entries()) {
    const d = decoded[f];
    if (d instanceof Error) {
      skipped.push({file, reason: d.message});
      continue;
    }
    const samples = d.samples;
    if (!samples.length || samples.every((v) => v === samples[0])) {
      skipped.push({file, reason: "no sound (empty, or every sample the same value)"});
      continue;
    }
    const name = root ? file.slice(root.length + 1) : file.split("/").pop()!;
    const source = `${pkg}: ${file}`;
    for (const part of cut ? cut(samples, name) : [{id: name, samples}])
      items.push({id: `${pkg}/${part.id}`, family, group: source, source, samples: part.samples});
  }
  return items;
}

/** Every k-th of a sorted list, `count` at most. */
export function everyKth<T>(xs: T[], count: number): T[] {
  if (xs.length <= count) return xs;
  const k = xs.length / count;
  return Array.from({length: count}, (_, i) => xs[Math.floor(i * k)]);
}

/** Installed version (or null) of each package the set draws on: with this code, what determines the set. */
export async function nonCryPackageVersions(): Promise<Map<string, string | null>> {
  const versions = new Map<string, string | null>();
  for (const pkg of Object.keys(NON_CRY_PACKAGES)) versions.set(pkg, await debianVersion(pkg));
  return versions;
}

export async function buildNonCrySet(versions?: Map<string, string | null>): Promise<NonCrySet> {
  versions ??= await nonCryPackageVersions();
  const items = generatedItems();
  const missing: NonCrySet["missing"] = [];
  const skipped: NonCrySet["skipped"] = [];
  const packages: NonCrySet["packages"] = [];
  for (const [name, version] of versions) if (version) packages.push({name, version, licence: await debianLicences(name)});
  const need = (pkg: keyof typeof NON_CRY_PACKAGES) => {
    if (versions.get(pkg)) return true;
    missing.push({family: NON_CRY_PACKAGES[pkg], reason: `Debian package ${pkg} is not installed (apt-get install ${pkg})`});
    return false;
  };
  if (need("espeak-ng")) {
    const r = await espeakItems();
    if (typeof r === "string") missing.push({family: "synthetic speech", reason: r});
    else items.push(...r);
  }
  if (need("asterisk-core-sounds-en-wav"))
    items.push(
      ...(await decodedItems(everyKth(await listFiles(SPEECH_DIR, /\.wav$/), SPEECH_PROMPTS), "recorded speech", "asterisk-core-sounds-en-wav", {skipped}))
    );
  if (need("asterisk-moh-opsound-wav"))
    items.push(
      ...(await decodedItems(await listFiles(MUSIC_DIR, /\.wav$/), "music", "asterisk-moh-opsound-wav", {
        skipped,
        cut: musicExcerpts
      }))
    );
  for (const pkg of ["sound-theme-freedesktop", "yaru-theme-sound", "oxygen-sounds", "gnome-audio"] as const) {
    if (!need(pkg)) continue;
    const own = new Set((await run("dpkg-query", ["-L", pkg])).stdout.toString().split("\n"));
    const files = (await Promise.all(SYSTEM_SOUND_DIRS[pkg].map((d) => listFiles(d, /\.(oga|ogg|wav)$/)))).flat().filter((f) => own.has(f));
    items.push(...(await decodedItems(files, "system sounds", pkg, {skipped})));
  }
  // A package feeding two families is checked (and reported missing) once.
  const installed = new Map<string, boolean>();
  for (const f of RECORDED_FAMILIES) {
    if (!installed.has(f.pkg)) installed.set(f.pkg, need(f.pkg));
    if (!installed.get(f.pkg)) continue;
    const files = everyKth(await listFiles(f.dir, /\.(ogg|oga|wav|flac)$/i, f.depth), f.count);
    if (!files.length) missing.push({family: f.family, reason: `no sound files under ${f.dir} (${f.pkg} ${versions.get(f.pkg)})`});
    items.push(...(await decodedItems(files, f.family, f.pkg, {maxSeconds: MAX_ITEM_SECONDS, root: f.dir, skipped})));
  }
  if (!installed.has("hedgewars-data")) installed.set("hedgewars-data", need("hedgewars-data"));
  if (installed.get("hedgewars-data"))
    items.push(
      ...(await decodedItems(await listFiles(GAME_MUSIC_DIR, /\.ogg$/i), "music", "hedgewars-data", {
        maxSeconds: MUSIC_EXCERPT.fromFirstSeconds,
        root: GAME_MUSIC_DIR,
        skipped,
        cut: musicExcerpts
      }))
    );
  return {items, missing, packages, skipped};
}
