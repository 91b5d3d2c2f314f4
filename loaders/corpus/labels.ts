/**
 * Three ways to label a recording with the paper's classes (Pain=0, Hunger=1, Neurological=2).
 * `paperKeywordLabel` is the study's heuristic exactly as docs/method.md §1 states it — substring matches
 * on the whole lower-cased path, first rule wins, bugs included. `repackagedPath` lays a file out as
 * the Kaggle re-packagings the paper trained on did (one folder per reason), so that heuristic can
 * run on the path it really saw. `documentedLabel` reads the reason code the parent typed into the
 * app (the corpus README's codes) through the paper's own code table.
 */

export const CLASSES = ["Pain", "Hunger", "Neurological"] as const;
export type ClassName = (typeof CLASSES)[number];
export type Label = ClassName | "unlabelled";

const RULE1 = ["neurological", "distress", "discomfort", "uncomfortable", "scared", "lonely", "cold_hot", "cold", "hot", "snoring"];
const RULE2 = ["hungry", "hunger"];
const RULE3 = ["belly", "pain", "burn", "burp", "tired", "tire"];
const CODE_HUNGER = ["hu"];
const CODE_PAIN = ["bp", "bu", "ca", "ch", "lo", "ti", "sc", "co"];
const CODE_NEURO = ["de", "di"];
const PARENT_HUNGER = ["hungry", "hunger"];
const PARENT_PAIN = ["pain", "belly", "burn", "burp", "tired", "discomfort", "uncomfortable", "scared", "lonely", "cold"];
const PARENT_NEURO = ["neurological", "distress", "snoring"];

export interface KeywordDecision {
  label: Label;
  /** Which rule fired (1–5) and on what, e.g. "1: hot"; "6: no rule" when unlabelled. */
  rule: string;
}

/** The paper's keyword labeller on a path (as `str(path).lower()` and `Path(path).parts` see it). */
export function paperKeywordLabel(path: string): KeywordDecision {
  const p = path.toLowerCase();
  const hit = (words: string[]) => words.find((w) => p.includes(w));
  let w: string | undefined;
  if ((w = hit(RULE1))) return {label: "Neurological", rule: `1: ${w}`};
  if ((w = hit(RULE2))) return {label: "Hunger", rule: `2: ${w}`};
  if ((w = hit(RULE3))) return {label: "Pain", rule: `3: ${w}`};
  const parts = p.split("/").filter(Boolean);
  const part = (codes: string[]) => parts.find((x) => codes.includes(x));
  if ((w = part(CODE_HUNGER))) return {label: "Hunger", rule: `4: ${w}`};
  if ((w = part(CODE_PAIN))) return {label: "Pain", rule: `4: ${w}`};
  if ((w = part(CODE_NEURO))) return {label: "Neurological", rule: `4: ${w}`};
  const parent = parts.length > 1 ? parts[parts.length - 2] : "";
  const inParent = (words: string[]) => words.find((x) => parent.includes(x));
  if ((w = inParent(PARENT_HUNGER))) return {label: "Hunger", rule: `5: ${w}`};
  if ((w = inParent(PARENT_PAIN))) return {label: "Pain", rule: `5: ${w}`};
  if ((w = inParent(PARENT_NEURO))) return {label: "Neurological", rule: `5: ${w}`};
  return {label: "unlabelled", rule: "6: no rule"};
}

/**
 * The parent's reason code mapped to the paper's classes with the paper's own code table (rule 4):
 * hu → Hunger; bp, bu, ch, lo, ti, sc → Pain. The corpus's `dc` (discomfort) is not in that table
 * (the paper lists `de`/`di`, codes the corpus never uses) and `dk` means "don't know": both stay
 * unlabelled rather than guessed.
 */
export function documentedLabel(reasonCode: string): Label {
  if (CODE_HUNGER.includes(reasonCode)) return "Hunger";
  if (CODE_PAIN.includes(reasonCode)) return "Pain";
  if (CODE_NEURO.includes(reasonCode)) return "Neurological";
  return "unlabelled";
}

/**
 * The re-packagings' folder of each reason code: a raw upload goes to the folder named after the
 * reason its parent chose. `dk` ("don't know") has no folder in any re-packaging, so it stays out.
 */
export const REPACKAGED_FOLDER: Record<string, string> = {
  hu: "hungry",
  bp: "belly_pain",
  bu: "burping",
  dc: "discomfort",
  ti: "tired",
  lo: "lonely",
  sc: "scared",
  ch: "cold_hot"
};

/** Where the paper's notebook found its files (docs/method.md §1): a prefix none of its keywords occurs in. */
export const REPACKAGED_ROOT = "/kaggle/input/infant-acousticdataset/infant_cry_datasets";

/**
 * The path a re-packaging gives a corpus file: a cleaned file keeps its real category folder, a raw
 * upload goes to its reason code's folder; null when the file has no folder (a `dk` upload, a name
 * without a code).
 */
export function repackagedPath(file: {source: string; cleanedFolder: string; reason: string; fileName: string}): string | null {
  const folder = file.source === "cleaned" ? file.cleanedFolder : REPACKAGED_FOLDER[file.reason];
  return folder ? `${REPACKAGED_ROOT}/${folder}/${file.fileName}` : null;
}
