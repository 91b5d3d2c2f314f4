/**
 * Parse donate-a-cry file names:
 *   <app-instance uuid>-<unix time>-<app version>-<gender>-<age>-<reason>.<ext>
 * iOS stamps seconds, Android milliseconds. Two iOS uploads carry a second uuid and a doubled
 * `.caf.caf` extension; they are parsed and flagged rather than rejected.
 */

export const REASONS: Record<string, string> = {
  hu: "hungry",
  bu: "needs burping",
  bp: "belly pain",
  dc: "discomfort",
  ti: "tired",
  lo: "lonely",
  ch: "cold/hot",
  sc: "scared",
  dk: "don't know"
};

export const AGES: Record<string, string> = {
  "04": "0–4 weeks",
  "48": "4–8 weeks",
  "26": "2–6 months",
  "72": "7 months–2 years",
  "22": "over 2 years"
};

export const GENDERS: Record<string, string> = {m: "male", f: "female"};

export interface CryName {
  appInstance: string;
  /** Recording time, ISO 8601 UTC. */
  recordedAt: string;
  timeUnit: "s" | "ms";
  appVersion: string;
  gender: string;
  age: string;
  reason: string;
  extension: string;
  /** Why the name departs from the documented pattern, or "" when it follows it. */
  anomaly: string;
}

const UUID = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";
const STRICT = new RegExp(`^(${UUID})-(\\d+(?:\\.\\d+)?)-([0-9.]+)-([a-z])-(\\d\\d)-([a-z]{2})\\.([A-Za-z0-9]+)$`);
const LOOSE = new RegExp(`^(${UUID})-(\\d+(?:\\.\\d+)?)-([0-9.]+)-(?:${UUID}-)?([a-z])-(\\d\\d)-([a-z]{2})((?:\\.[A-Za-z0-9]+)+)$`);

export class FileNameError extends Error {}

export function parseCryName(fileName: string): CryName {
  let m = STRICT.exec(fileName);
  let anomaly = "";
  if (!m) {
    m = LOOSE.exec(fileName);
    if (!m) throw new FileNameError(`${fileName}: does not follow <uuid>-<time>-<version>-<gender>-<age>-<reason>.<ext>`);
    anomaly = "extra uuid or repeated extension in name";
  }
  const [, appInstance, time, appVersion, gender, age, reason, ext] = m;
  const t = Number(time);
  // Android stamps milliseconds: anything past year 5000 in seconds is really milliseconds.
  const timeUnit = t > 1e11 ? "ms" : "s";
  const exts = ext.replace(/^\./, "").split(".");
  return {
    appInstance: appInstance.toLowerCase(),
    recordedAt: new Date(timeUnit === "ms" ? t : t * 1000).toISOString(),
    timeUnit,
    appVersion,
    gender,
    age,
    reason,
    extension: exts[exts.length - 1].toLowerCase(),
    anomaly
  };
}

export type Source = "android-upload" | "ios-upload" | "cleaned";

export interface CorpusPath {
  source: Source;
  /** Folder of the cleaned re-encoding (hungry, tired, …), "" for raw uploads. */
  cleanedFolder: string;
  fileName: string;
}

/** Where in the corpus tree a file sits: one of the two upload buckets or a cleaned category folder. */
export function parseCorpusPath(path: string): CorpusPath | null {
  const parts = path.split("/");
  const fileName = parts[parts.length - 1];
  if (parts[0] === "donateacry-android-upload-bucket" && parts.length === 2) return {source: "android-upload", cleanedFolder: "", fileName};
  if (parts[0] === "donateacry-ios-upload-bucket" && parts.length === 2) return {source: "ios-upload", cleanedFolder: "", fileName};
  if (parts[0] === "donateacry_corpus_cleaned_and_updated_data" && parts.length === 3) return {source: "cleaned", cleanedFolder: parts[1], fileName};
  return null;
}
