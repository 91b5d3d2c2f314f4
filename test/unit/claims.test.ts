// The work queue that two pipeline processes share: every task is taken exactly once, by whichever
// process asks first, including by processes that are not this one.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {join} from "node:path";
import {test} from "node:test";
import {claimsIn} from "../../loaders/lib/claims.ts";
import {tempDir} from "../helpers/signals.ts";

test("claims: each task goes to one claimant; the second asker is told no; a name that is not a file name is refused", async () => {
  const dir = join(await tempDir(), "q");
  const a = claimsIn(dir),
    b = claimsIn(dir);
  const tasks = Array.from({length: 20}, (_, i) => `cell-${i}`);
  // Two walkers interleaved as two processes would be: each takes what the other has not.
  const takenBy = tasks.map((t, i) => (i % 3 === 0 ? [a(t), b(t)] : [b(t), a(t)]));
  assert.ok(takenBy.every(([first, second]) => first && !second));
  assert.equal(a("cell-0"), false, "a task once taken stays taken, even for its taker");
  assert.throws(() => a("../escape"), /not a file name/);
  // A second process on the same folder sees every task taken.
  const other = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      `import("${new URL("../../loaders/lib/claims.ts", import.meta.url).pathname}").then(({claimsIn}) => { const c = claimsIn(${JSON.stringify(dir)}); console.log(JSON.stringify([c("cell-5"), c("cell-20")])); })`
    ],
    {encoding: "utf8"}
  );
  assert.equal(other.status, 0, other.stderr);
  assert.deepEqual(JSON.parse(other.stdout), [false, true]);
});
