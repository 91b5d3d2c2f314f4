/**
 * Regenerate data/manifest.json from a local copy of the pinned commit. Run only when the pin
 * changes: `tsx data/make-manifest.ts --data-dir <copy>`.
 */
import {stat, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {listFiles, MANIFEST_PATH, resolveDataDir, sha256File, type Manifest} from "./corpus.ts";
import {ARCHIVE_URL, COMMIT, REPOSITORY} from "./source.ts";

const dir = resolveDataDir();
const files = [];
for (const path of await listFiles(dir)) {
  const p = join(dir, path);
  files.push({path, size: (await stat(p)).size, sha256: await sha256File(p)});
}
const manifest: Manifest = {
  name: "donateacry-corpus",
  repository: REPOSITORY,
  commit: COMMIT,
  archive: ARCHIVE_URL,
  licence: "Open Database License (ODbL 1.0); contents under the Database Contents License (DbCL 1.0)",
  attribution: "The Donate-a-cry campaign corpus (gveres/donateacry-corpus); cleaned folder by A. N. Rizal, J. Jan, L. Dürlich, S. Chen (KTH)",
  files
};
await writeFile(MANIFEST_PATH, `${JSON.stringify(manifest, null, 1)}\n`);
process.stderr.write(`wrote ${files.length} entries to ${MANIFEST_PATH}\n`);
