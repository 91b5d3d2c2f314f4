/**
 * The repository must not depend on a document it does not contain: every Markdown file that a
 * tracked file names exists, and every "docs/method.md §N" points at a section of that page.
 * (Code once cited a study description that lived outside the repository.)
 */
import assert from "node:assert/strict";
import {execFileSync} from "node:child_process";
import {existsSync, readFileSync} from "node:fs";
import {test} from "node:test";

const ROOT = new URL("../..", import.meta.url).pathname;

/** Markdown names and method-section citations in a text; pure, so the checker itself is tested. */
export function citedDocuments(text: string): {documents: string[]; sections: string[]} {
  const documents = [...text.matchAll(/[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md\b/g)].map((m) => m[0]);
  // "docs/method.md §3–4" cites §3 and §4; "§2–6" a range.
  const sections: string[] = [];
  for (const m of text.matchAll(/docs\/method\.md §(\d+)(?:[–-](\d+))?/g)) {
    const from = Number(m[1]),
      to = m[2] ? Number(m[2]) : from;
    for (let s = from; s <= to; s++) sections.push(`§${s}`);
  }
  return {documents, sections};
}

/** Files whose .md names are data, not citations: the corpus manifest lists the corpus's own README. */
const NOT_CITATIONS = new Set(["package-lock.json", "data/manifest.json"]);

function trackedTextFiles(): string[] {
  const files = execFileSync("git", ["ls-files"], {cwd: ROOT, encoding: "utf8"}).split("\n");
  return files.filter((f) => /\.(ts|js|md|py|sh|json)$/.test(f) && !f.startsWith("test/fixtures/") && !NOT_CITATIONS.has(f) && existsSync(ROOT + f));
}

test("the reference checker finds documents and expands section ranges", () => {
  // The absent name is built, so that this file does not itself cite it.
  const absent = ["PAPER", "md"].join(".");
  const r = citedDocuments(`see ${absent} and docs/method.md §3–5; also models/README.md.`);
  assert.deepEqual(r.documents, [absent, "docs/method.md", "models/README.md"]);
  assert.deepEqual(r.sections, ["§3", "§4", "§5"]);
});

test("every document the repository cites is in it, and every method section cited exists", () => {
  const headings = new Set([...readFileSync(`${ROOT}docs/method.md`, "utf8").matchAll(/^## (§\d+)/gm)].map((m) => m[1]));
  const missing: string[] = [];
  for (const file of trackedTextFiles()) {
    const {documents, sections} = citedDocuments(readFileSync(ROOT + file, "utf8"));
    for (const d of documents) {
      // A bare name is looked for at the root, a path from the root.
      if (!existsSync(ROOT + d)) missing.push(`${file} cites ${d}, which the repository does not contain`);
    }
    for (const s of sections) if (!headings.has(s)) missing.push(`${file} cites docs/method.md ${s}, which has no such section`);
  }
  assert.deepEqual(missing, []);
});
