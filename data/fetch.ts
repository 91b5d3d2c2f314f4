/**
 * Make sure the pinned corpus is present and intact.
 *   tsx data/fetch.ts [--data-dir DIR] [--check]
 * Without a local copy, downloads the pinned commit's archive (or CRY_ARCHIVE_URL) into the data
 * folder — data/corpus/ unless --data-dir or CRY_DATA_DIR names another — then verifies every file
 * against data/manifest.json. `--check` only verifies (no download). Problems are listed file by
 * file; the exit code is non-zero when any manifest file is missing or differs, unless
 * CRY_ALLOW_PARTIAL=1 (the build then reports the excluded files on the page).
 */
import {existsSync} from "node:fs";
import {formatVerification, resolveDataDir, verifyCorpus} from "./corpus.ts";
import {DownloadError, fetchCorpus} from "./download.ts";

const argv = process.argv.slice(2);
const dir = resolveDataDir();
if (!existsSync(dir)) {
  if (argv.includes("--check")) {
    process.stderr.write(`corpus folder not found: ${dir}\n  run \`npm run data\` to download it, or set CRY_DATA_DIR to a local copy\n`);
    process.exit(2);
  }
  try {
    await fetchCorpus(dir);
  } catch (e) {
    if (!(e instanceof DownloadError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(3);
  }
}
const v = await verifyCorpus(dir);
process.stderr.write(`${formatVerification(v)}\n`);
if (v.problems.length && process.env.CRY_ALLOW_PARTIAL !== "1") {
  process.stderr.write(`${v.problems.length} file(s) missing or different from the pinned commit; set CRY_ALLOW_PARTIAL=1 to build without them\n`);
  process.exit(1);
}
