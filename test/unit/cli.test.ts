// The command line on a checkout whose models are not built: it says what building costs and how,
// instead of silently starting the whole study.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";

test("cli: with no built models it explains and exits 3 without starting work; usage errors exit 2", () => {
  const cache = mkdtempSync(join(tmpdir(), "cry-empty-cache-"));
  try {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["bin/cry-report.mjs", ...args], {
        cwd: new URL("../..", import.meta.url).pathname,
        encoding: "utf8",
        timeout: 60000,
        env: {...process.env, CRY_CACHE_DIR: cache}
      });
    const r = run("classify", "some.wav");
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /the models are not built for this checkout and corpus yet/);
    assert.match(r.stderr, /about \d+ minutes on a 2-core machine/);
    assert.match(r.stderr, /npm run build/);
    assert.match(r.stderr, /--build/);
    assert.equal(r.stdout, "");
    assert.doesNotMatch(r.stderr, /^(embed \w+:|paper run:|decode corpus:|pipeline:)/m, "no work was started");
    assert.equal(run("classify").status, 2);
    assert.equal(run("frobnicate").status, 2);
  } finally {
    rmSync(cache, {recursive: true, force: true});
  }
});
