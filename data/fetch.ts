/**
 * Make sure the pinned corpus is present and intact.
 *   tsx data/fetch.ts [--data-dir DIR] [--check]
 * Without a local copy, downloads the pinned commit's archive over HTTPS into data/corpus/, then
 * verifies every file against data/manifest.json. `--check` only verifies (no download). Problems
 * are listed file by file; the exit code is non-zero when any manifest file is missing or differs,
 * unless CRY_ALLOW_PARTIAL=1 (the build then reports the excluded files on the page).
 */
import {spawnSync} from "node:child_process";
import {existsSync} from "node:fs";
import {mkdir, mkdtemp, rename, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {DEFAULT_DOWNLOAD_DIR, formatVerification, loadManifest, resolveDataDir, verifyCorpus} from "./corpus.ts";

async function download(url: string, dest: string): Promise<void> {
  process.stderr.write(`downloading ${url}\n`);
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`download failed: ${url} → HTTP ${res.status}`);
  const total = Number(res.headers.get("content-length") ?? 0);
  const chunks: Uint8Array[] = [];
  let got = 0;
  const t0 = Date.now();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    got += chunk.length;
    const rate = got / Math.max(1, Date.now() - t0) / 1000;
    process.stderr.write(`\r  ${(got / 1e6).toFixed(1)} MB${total ? ` / ${(total / 1e6).toFixed(1)} MB` : ""} at ${rate.toFixed(1)} MB/s`);
  }
  process.stderr.write("\n");
  await writeFile(dest, Buffer.concat(chunks));
}

async function fetchCorpus(target: string): Promise<void> {
  const manifest = loadManifest();
  const tmp = await mkdtemp(join(tmpdir(), "cry-corpus-"));
  try {
    const archive = join(tmp, "corpus.tar.gz");
    await download(manifest.archive, archive);
    const r = spawnSync("tar", ["-xzf", archive, "-C", tmp], {stdio: "inherit"});
    if (r.status !== 0) throw new Error(`could not unpack ${archive} (tar exit ${r.status})`);
    const top = join(tmp, `donateacry-corpus-${manifest.commit}`);
    if (!existsSync(top)) throw new Error(`archive did not contain ${top}`);
    await mkdir(dirname(target), {recursive: true});
    await rename(top, target);
  } finally {
    await rm(tmp, {recursive: true, force: true});
  }
}

const argv = process.argv.slice(2);
const dir = resolveDataDir();
if (!existsSync(dir)) {
  if (argv.includes("--check") || dir !== DEFAULT_DOWNLOAD_DIR) {
    process.stderr.write(`corpus folder not found: ${dir}\n  run \`npm run data\` to download it, or set CRY_DATA_DIR to a local copy\n`);
    process.exit(2);
  }
  await fetchCorpus(dir);
}
const v = await verifyCorpus(dir);
process.stderr.write(formatVerification(v) + "\n");
if (v.problems.length && process.env.CRY_ALLOW_PARTIAL !== "1") {
  process.stderr.write(`${v.problems.length} file(s) missing or different from the pinned commit; set CRY_ALLOW_PARTIAL=1 to build without them\n`);
  process.exit(1);
}
