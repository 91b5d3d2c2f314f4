/**
 * The donate-a-cry corpus as this project pins it: where it comes from, where a local copy lives,
 * and whether that copy is exactly the pinned commit (every file's size and sha256).
 */
import {createHash} from "node:crypto";
import {existsSync, readFileSync} from "node:fs";
import {readdir, readFile, stat} from "node:fs/promises";
import {join, relative, resolve, sep} from "node:path";
import {fileURLToPath} from "node:url";

export const PROJECT_ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  name: string;
  repository: string;
  commit: string;
  archive: string;
  licence: string;
  attribution: string;
  files: ManifestFile[];
}

export const MANIFEST_PATH = join(PROJECT_ROOT, "data", "manifest.json");

export function loadManifest(path = MANIFEST_PATH): Manifest {
  return JSON.parse(readFileSync(path, "utf8")) as Manifest;
}

/** Where the fetch step puts the corpus when the user has no copy. Git-ignored. */
export const DEFAULT_DOWNLOAD_DIR = join(PROJECT_ROOT, "data", "corpus", "donateacry-corpus");
/** The read-only mirror that CI and tests place beside the checkout. */
export const SIBLING_MIRROR = resolve(PROJECT_ROOT, "..", "shared", "data", "donateacry-corpus");

/**
 * The corpus folder, in order: `--data-dir <dir>` on the command line, `CRY_DATA_DIR`, the project's
 * own download folder when it exists, the sibling mirror when it exists, else the download folder
 * (which the fetch step then fills).
 */
export function resolveDataDir(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string {
  const i = argv.indexOf("--data-dir");
  if (i >= 0 && argv[i + 1]) return resolve(argv[i + 1]);
  if (env.CRY_DATA_DIR) return resolve(env.CRY_DATA_DIR);
  if (existsSync(DEFAULT_DOWNLOAD_DIR)) return DEFAULT_DOWNLOAD_DIR;
  if (existsSync(SIBLING_MIRROR)) return SIBLING_MIRROR;
  return DEFAULT_DOWNLOAD_DIR;
}

export async function sha256File(path: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string) {
    for (const e of await readdir(d, {withFileTypes: true})) {
      if (e.name === ".git") continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join("/"));
    }
  }
  await walk(dir);
  return out.sort();
}

export type FileProblem = "missing" | "size differs" | "checksum differs";

export interface Verification {
  dir: string;
  checked: number;
  ok: string[];
  problems: {path: string; problem: FileProblem; expected: string; actual: string}[];
  /** Files in the folder that the manifest does not list (reported, never used). */
  extra: string[];
}

/** Compare a local copy with the manifest. Every file is named; nothing is dropped or repaired. */
export async function verifyCorpus(dir: string, manifest: Manifest = loadManifest()): Promise<Verification> {
  const v: Verification = {dir, checked: 0, ok: [], problems: [], extra: []};
  const listed = new Set(manifest.files.map((f) => f.path));
  const present = existsSync(dir) ? await listFiles(dir) : [];
  v.extra = present.filter((p) => !listed.has(p));
  for (const f of manifest.files) {
    v.checked++;
    const p = join(dir, f.path);
    const info = await stat(p).catch(() => null);
    if (!info) {
      v.problems.push({path: f.path, problem: "missing", expected: f.sha256, actual: ""});
    } else if (info.size !== f.size) {
      v.problems.push({path: f.path, problem: "size differs", expected: `${f.size} bytes`, actual: `${info.size} bytes`});
    } else {
      const h = await sha256File(p);
      if (h !== f.sha256) v.problems.push({path: f.path, problem: "checksum differs", expected: f.sha256, actual: h});
      else v.ok.push(f.path);
    }
  }
  return v;
}

export function formatVerification(v: Verification): string {
  const lines = [`corpus at ${v.dir}: ${v.ok.length}/${v.checked} files verified`];
  for (const p of v.problems) lines.push(`  ${p.problem}: ${p.path}${p.actual ? ` (expected ${p.expected}, found ${p.actual})` : ""}`);
  for (const e of v.extra) lines.push(`  not in manifest (ignored): ${e}`);
  return lines.join("\n");
}

/** Per-file verification status as the pipeline records it, keyed by path. */
export function statusByPath(v: Verification): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of v.ok) m.set(p, "verified");
  for (const p of v.problems) m.set(p.path, p.problem);
  return m;
}
