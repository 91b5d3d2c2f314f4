/**
 * Recordings a reader can try on /classify with one click, chosen by the build: one holdout
 * recording per class from the cleaned corpus (files the head was not trained on), one raw phone
 * upload from the holdout (decoded in the page by its ffmpeg), and one item of the kind the cry
 * check's non-cry set holds (espeak-ng's synthetic speech; a generated tone when espeak-ng is
 * missing). The corpus files are shipped as they are (ODbL 1.0, with attribution on the page).
 */
import {spawnSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {resolveDataDir} from "../../data/corpus.ts";
import {SAMPLE_RATE} from "../audio/rate.ts";
import {encodeWav16} from "../audio/wav.ts";
import {CLASSES} from "../corpus/labels.ts";
import {vibrato} from "../cry/non-cry-set.ts";
import {analyseCorpus, PRIMARY_LABELLING} from "./corpus-analysis.ts";

export interface Example {
  /** The file's name inside the site's archive (fixed, so the page can name it literally). */
  file: string;
  title: string;
  kind: "cry" | "phone upload" | "not a cry";
  /** The corpus path (or the generator) and, for corpus files, their label under the primary labelling. */
  source: string;
  label: string;
}

/** The fixed archive names of the examples, in the order the page shows them. */
export const EXAMPLE_FILES = [
  "example-pain.wav",
  "example-hunger.wav",
  "example-neurological.wav",
  "example-phone-upload.bin",
  "example-not-a-cry.wav"
] as const;

export async function classifierExamples(dataDir = resolveDataDir()): Promise<{examples: Example[]; files: Record<string, Uint8Array>}> {
  const {splits} = await analyseCorpus(dataDir);
  const holdout = splits.filter((s) => s.labelling === PRIMARY_LABELLING && s.paperSplit === "holdout").sort((a, b) => a.path.localeCompare(b.path));
  const cleaned = holdout.filter((s) => s.source === "cleaned"),
    raw = holdout.filter((s) => s.source !== "cleaned");
  const examples: Example[] = [],
    files: Record<string, Uint8Array> = {};
  CLASSES.forEach((cls, k) => {
    // A class with no cleaned holdout file falls back to any holdout file (its label is then said).
    const pick = cleaned.find((s) => s.label === cls) ?? holdout.find((s) => s.label === cls) ?? cleaned[k] ?? holdout[k];
    if (!pick) throw new Error(`classifier examples: no holdout recording to offer for ${cls}`);
    files[EXAMPLE_FILES[k]] = readFileSync(join(dataDir, pick.path));
    examples.push({file: EXAMPLE_FILES[k], title: `${pick.label} (cleaned WAV)`, kind: "cry", source: pick.path, label: pick.label});
  });
  const phone = raw[0];
  if (!phone) throw new Error("classifier examples: no raw phone upload in the holdout");
  files[EXAMPLE_FILES[3]] = readFileSync(join(dataDir, phone.path));
  examples.push({
    file: EXAMPLE_FILES[3],
    title: `raw phone upload (.${phone.path.split(".").pop()}, ${phone.label})`,
    kind: "phone upload",
    source: phone.path,
    label: phone.label
  });
  const speech = spawnSync("espeak-ng", ["-v", "en+f5", "-p", "95", "-s", "150", "--stdout", "Hello little one, it is time to sleep now."]);
  const viaEspeak = speech.status === 0 && speech.stdout.length > 44;
  files[EXAMPLE_FILES[4]] = viaEspeak ? new Uint8Array(speech.stdout) : encodeWav16(vibrato(450, 40, 5, 3), SAMPLE_RATE);
  examples.push({
    file: EXAMPLE_FILES[4],
    title: viaEspeak ? "not a cry: synthetic speech" : "not a cry: a tone with vibrato",
    kind: "not a cry",
    source: viaEspeak ? "espeak-ng -v en+f5 -p 95 (high-pitched synthetic speech)" : "generated: 450 Hz with vibrato (espeak-ng is not installed)",
    label: ""
  });
  return {examples, files};
}
