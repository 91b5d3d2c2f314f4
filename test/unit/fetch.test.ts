// The real download path, end to end, against archives made from the corpus mirror and served on
// 127.0.0.1: progress, unpacking, verification, and what a truncated, altered, cut-off or
// unreachable archive gets.
import assert from "node:assert/strict";
import {spawn, spawnSync} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {createServer, type Server} from "node:http";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, before, test} from "node:test";
import {loadManifest, resolveDataDir} from "../../data/corpus.ts";

const mirror = resolveDataDir([], {});
const skip = !existsSync(join(mirror, "donateacry-android-upload-bucket")) && `no corpus mirror at ${mirror}`;
const root = new URL("../..", import.meta.url).pathname;
const {commit} = loadManifest();
const work = mkdtempSync(join(tmpdir(), "cry-fetch-test-"));
const files: Record<string, Buffer> = {};
let server: Server,
  base = "";

before(async () => {
  if (skip) return;
  const top = `donateacry-corpus-${commit}`;
  const tar = (args: string[]) => {
    const r = spawnSync("tar", args, {cwd: work, encoding: "utf8"});
    assert.equal(r.status, 0, r.stderr);
  };
  // The archive GitHub serves for the commit: one top folder named after it.
  tar(["-cf", "good.tar", "-C", join(mirror, ".."), `--transform=s,^donateacry-corpus,${top},`, "donateacry-corpus"]);
  // The same archive with one file's bytes changed (same size, other content).
  const victim = loadManifest().files.find((f) => f.path.endsWith(".wav"))!;
  const altered = Buffer.from(readFileSync(join(mirror, victim.path)));
  altered[altered.length - 1] ^= 0xff;
  spawnSync("mkdir", ["-p", join(work, top, ...victim.path.split("/").slice(0, -1))]);
  writeFileSync(join(work, top, victim.path), altered);
  spawnSync("cp", ["good.tar", "altered.tar"], {cwd: work});
  tar(["--delete", "-f", "altered.tar", `${top}/${victim.path}`]);
  tar(["-rf", "altered.tar", `${top}/${victim.path}`]);
  for (const name of ["good", "altered"]) {
    const r = spawnSync("gzip", ["-1", "-k", `${name}.tar`], {cwd: work});
    assert.equal(r.status, 0);
    files[name] = readFileSync(join(work, `${name}.tar.gz`));
  }
  files.truncated = files.good.subarray(0, Math.floor(files.good.length / 2));
  files.victim = Buffer.from(victim.path);
  server = createServer((req, res) => {
    const name = (req.url ?? "").replace(/^\/|\.tar\.gz$/g, "");
    if (name === "cutoff") {
      // Promise the whole archive, send a tenth of it, hang up.
      res.writeHead(200, {"content-length": files.good.length});
      res.write(files.good.subarray(0, files.good.length / 10));
      return void setTimeout(() => res.destroy(), 50);
    }
    const body = files[name];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, {"content-length": body.length});
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

after(() => {
  server?.close();
  rmSync(work, {recursive: true, force: true});
});

/** Runs the fetch CLI as a user would (asynchronously: the server lives in this process). */
const fetchInto = (name: string, url = `${base}/${name}.tar.gz`) =>
  new Promise<{status: number | null; stderr: string}>((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", "data/fetch.ts", "--data-dir", join(work, `out-${name}`)], {
      cwd: root,
      env: {...process.env, CRY_ARCHIVE_URL: url, CRY_DATA_DIR: "", CRY_ALLOW_PARTIAL: ""},
      stdio: ["ignore", "ignore", "pipe"]
    });
    let stderr = "";
    p.stderr.on("data", (b) => (stderr += b));
    p.on("close", (status) => resolve({status, stderr}));
  });

test("download: a good archive is fetched with progress, unpacked and verified file by file", {skip}, async () => {
  const r = await fetchInto("good");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`downloading ${base}/good\\.tar\\.gz`));
  assert.match(r.stderr, /\d+\.\d MB \/ \d+\.\d MB at [\d.]+ MB\/s/);
  const n = loadManifest().files.length;
  assert.match(r.stderr, new RegExp(`${n}/${n} files verified`));
});

test("download: a truncated archive stops with a reason naming the URL", {skip}, async () => {
  const r = await fetchInto("truncated");
  assert.equal(r.status, 3);
  assert.match(r.stderr, new RegExp(`could not unpack the archive from ${base}/truncated\\.tar\\.gz \\(truncated or not a \\.tar\\.gz\\)`));
  assert.ok(!existsSync(join(work, "out-truncated")), "nothing half-unpacked is left behind");
});

test("download: an altered archive unpacks, and verification names the file that differs", {skip}, async () => {
  const r = await fetchInto("altered");
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`checksum differs: ${files.victim.toString().replace(/[.]/g, "\\.")}`));
  assert.match(r.stderr, /1 file\(s\) missing or different from the pinned commit/);
});

test("download: a connection cut mid-way, a refused one and a 404 each say what failed and what to do", {skip}, async () => {
  const cut = await fetchInto("cutoff");
  assert.equal(cut.status, 3);
  assert.match(cut.stderr, new RegExp(`${base}/cutoff\\.tar\\.gz (broke off after|is incomplete)`));
  // A port that was just free: nothing listens there.
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
  const port = (closed.address() as {port: number}).port;
  await new Promise((r) => closed.close(r));
  const refused = await fetchInto("refused", `http://127.0.0.1:${port}/corpus.tar.gz`);
  assert.equal(refused.status, 3);
  assert.match(
    refused.stderr,
    new RegExp(`could not download http://127\\.0\\.0\\.1:${port}/corpus\\.tar\\.gz: the connection was refused; to use a local copy instead, set CRY_DATA_DIR`)
  );
  assert.doesNotMatch(refused.stderr, /at .*node:internal|TypeError: fetch failed/, "no stack trace");
  const missing = await fetchInto("missing");
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /HTTP 404/);
});
