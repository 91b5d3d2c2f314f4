/**
 * Pages look the study's choices up by id, through the one table of display names
 * (loaders/lib/names.ts, shipped in method.json): no page or component types a protocol, labelling,
 * model or multiverse choice as a quoted string in its code, cuts a short name out of a long one,
 * or takes a choice as the first or second entry of a list. A reworded name then changes every
 * page with it instead of silently matching nothing.
 */
import assert from "node:assert/strict";
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {test} from "node:test";
import {NAMES} from "../../loaders/lib/names.ts";
import {METHOD} from "../../loaders/method.ts";

const SRC = join(import.meta.dirname, "..", "..", "src");
/** The pages and the components they import (the bundled live classifier is generated: left out). */
const files = [
  ...readdirSync(SRC)
    .filter((f) => f.endsWith(".md"))
    .map((f) => join(SRC, f)),
  ...readdirSync(join(SRC, "components"))
    .filter((f) => f.endsWith(".js") && !["live.js", "encoder-worker.js"].includes(f) && f !== "names.js")
    .map((f) => join(SRC, "components", f))
];

/** The code of a page: its ```js blocks and ${…} expressions (prose may name a choice in words). */
function codeOf(file: string, text: string): string {
  if (file.endsWith(".js")) return text;
  const blocks = [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  const prose = text.replace(/```js\n[\s\S]*?```/g, "");
  const expressions: string[] = [];
  for (let i = prose.indexOf("${"); i >= 0; i = prose.indexOf("${", i + 2)) {
    let depth = 1,
      j = i + 2;
    for (; j < prose.length && depth; j++) depth += prose[j] === "{" ? 1 : prose[j] === "}" ? -1 : 0;
    expressions.push(prose.slice(i, j));
  }
  return [...blocks, ...expressions].join("\n");
}

/**
 * Every display name of the table, each with the id path that names it. Two kinds are left out: the
 * protocols' short names, which prose and glossary links use as words ("a split by file"), and
 * the augmentation choice "none", an everyday word in code (`preload="none"`).
 */
const displayNames = Object.entries(NAMES)
  .filter(([kind]) => kind !== "protocolShort")
  .flatMap(([kind, table]) => Object.entries(table).map(([id, name]) => ({name: name as string, id: `${kind}.${id}`})))
  .filter(({id}) => id !== "augmentation.none");

test("the names table reaches the pages whole (method.json carries it)", () => {
  assert.deepEqual(METHOD.names, NAMES);
  assert.equal(new Set(Object.values(NAMES.model)).size, Object.keys(NAMES.model).length, "two models share a display name");
});

test("pages look protocols, labellings, models and multiverse choices up by id, never by their wording or position", () => {
  const problems: string[] = [];
  for (const file of files) {
    const code = codeOf(file, readFileSync(file, "utf8"));
    const where = file.slice(SRC.length + 1);
    for (const {name, id} of displayNames)
      for (const q of ['"', "'", "`"]) if (code.includes(`${q}${name}${q}`)) problems.push(`${where}: types ${q}${name}${q} (use method.names.${id})`);
    if (/split\(" \("\)\[0\]/.test(code)) problems.push(`${where}: cuts a short name out of a display name (use namesOf(method).short)`);
    for (const m of code.matchAll(/\b(summary\.runs|runs|PROTOCOLS|MODELS|LABELLINGS|dimensions\.\w+|settings\.models)\[[01]\]/g))
      problems.push(`${where}: picks a choice by position (${m[0]})`);
    for (const m of code.matchAll(/const \[\w+, \w+\] = (summary\.runs|meta\.dimensions\.\w+|nul\.settings\.models)/g))
      problems.push(`${where}: picks choices by position (${m[0]})`);
  }
  assert.deepEqual(problems, []);
});

test("the checks above would catch what they look for", () => {
  const probe = (code: string) =>
    displayNames.some(({name}) => code.includes(`"${name}"`)) || /split\(" \("\)\[0\]/.test(code) || /\b(summary\.runs|PROTOCOLS)\[[01]\]/.test(code);
  assert.ok(probe('m.model === "Neural head"'));
  assert.ok(probe('tickFormat: (p) => p.split(" (")[0]'));
  assert.ok(probe("get(PROTOCOLS[0], x)"));
  assert.ok(!probe("m.model === N.model.head"));
  const expression = "$" + "{b}";
  assert.equal(codeOf("src/index.md", `Prose "Neural head" here.\n\`\`\`js\nconst a = 1;\n\`\`\`\n${expression}`), `const a = 1;\n\n${expression}`);
});
