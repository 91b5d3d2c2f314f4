/** What the /classify browser tests share: the corpus files they upload and how they wait for a run. */
import {readFileSync} from "node:fs";
import {writeFile} from "node:fs/promises";
import {join} from "node:path";
import {resolveDataDir} from "../../data/corpus.ts";
import type {PageLog} from "./harness.ts";

export const manifest = JSON.parse(readFileSync(new URL("../../data/manifest.json", import.meta.url), "utf8"));
/** Real corpus WAVs (8 kHz PCM, cleaned folder): the parity inputs. */
export const corpusWavs: string[] = manifest.files
  .filter((f: {path: string}) => f.path.endsWith(".wav"))
  .slice(0, 3)
  .map((f: {path: string}) => join(resolveDataDir(), f.path));

/** Writes `bytes` to `dir/name` and returns the path. */
export const writeIn = async (dir: string, name: string, bytes: Uint8Array | string) => (await writeFile(join(dir, name), bytes), join(dir, name));

/** Starts a run with `start` (an upload, a click) and waits until that run, not an earlier one, is done or failed. */
export async function runAndWait(log: PageLog, start: () => Promise<void>) {
  const previous = Number(await log.page.getAttribute("#run-state", "data-run"));
  await start();
  await log.page.waitForFunction(
    (prev) => {
      const el = document.querySelector("#run-state");
      return Number(el?.getAttribute("data-run")) > prev && ["done", "error"].includes(el?.getAttribute("data-phase") ?? "");
    },
    previous,
    {timeout: 180000}
  );
}

export const upload = (log: PageLog, file: string) => runAndWait(log, () => log.page.setInputFiles("#file-input", file));

/** The probabilities of the latest run (cells re-render after #run-state, so wait for this run's own elements). */
export async function pageProbabilities(page: PageLog["page"]): Promise<Record<string, number>> {
  const run = await page.getAttribute("#run-state", "data-run");
  const mine = (id: string) => `#${id}[data-run="${run}"]`;
  await page.waitForSelector(`${mine("result-json")}, ${mine("anyway")}`, {state: "attached"});
  if (await page.locator(mine("anyway")).count()) await page.click(mine("anyway"));
  await page.waitForSelector(mine("result-json"), {state: "attached"});
  return JSON.parse((await page.textContent(mine("result-json"))) ?? "{}");
}
