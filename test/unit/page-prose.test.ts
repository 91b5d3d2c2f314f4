/**
 * Every number a page's prose shows is computed: read from a data loader's output or from the
 * page's own code (a constant the chart uses), never typed into a sentence where it could drift
 * from the code that produced the numbers beside it. This reads each page's prose — the Markdown
 * outside code blocks, the text of html`…`/md`…` templates inside them and the string literals
 * given as a chart's or table's label, title, caption, header or text — with every ${…}
 * expression, inline `code`, tag and link target removed, and fails on any digit left that is not
 * one of the named exceptions below.
 */
import assert from "node:assert/strict";
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {test} from "node:test";

const SRC = join(import.meta.dirname, "..", "..", "src");

/** What may stay typed, and why: names, references and definitions, not measured or chosen values. */
const ALLOWED: [RegExp, string][] = [
  [/\[-1, 1\]/g, "the range audio models are trained on (a definition)"],
  [/docs\/method\.md §\d+(–\d+)?|section \d+ of the study|rule[ -]4/g, "references to the paper's sections and rules"],
  [/\(\w[^()]*\b(19|20)\d\d\)|et al\. (19|20)\d\d/g, "citations"],
  [/sha256|AMR-NB|IMA4|macro-F1|\bF1\b|float32|\.3gp|ODbL 1\.0|127\.0\.0\.1:\d+/g, "names of things"],
  [/\(0\.5 is chance\)/g, "the chance level of ROC AUC (a definition)"],
  [/\bPC ?\d\b/g, "names of principal components on map axes"]
];

/** Removes ${…} expressions, however nested. */
function withoutExpressions(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    if (s[i] === "$" && s[i + 1] === "{") {
      let depth = 1;
      for (i += 2; i < s.length && depth; i++) depth += s[i] === "{" ? 1 : s[i] === "}" ? -1 : 0;
      out += "…";
    } else out += s[i++];
  }
  return out;
}

/** String literals given as a chart's or table's label, title, caption, header or text option. */
function optionTexts(code: string): string[] {
  return [...code.matchAll(/\b(?:label|title|caption|header|text)\s*:\s*("[^"\n]*"|'[^'\n]*'|`[^`]*`)/g)].map((m) => m[1].slice(1, -1));
}

/** The literal text of every html`…` and md`…` template in a code block. */
function templateTexts(code: string): string[] {
  const texts: string[] = [];
  for (const m of code.matchAll(/\b(?:html|md)`/g)) {
    let text = "",
      depth = 0;
    for (let i = m.index + m[0].length; i < code.length; i++) {
      const c = code[i];
      if (depth === 0 && c === "`") break;
      if (c === "$" && code[i + 1] === "{") depth++, (text += "${"), i++;
      else {
        if (depth > 0 && c === "{") depth++;
        if (depth > 0 && c === "}") depth--;
        text += c;
      }
    }
    texts.push(text);
  }
  return texts;
}

export function typedNumbers(page: string): string[] {
  const parts = page.replace(/<style>[\s\S]*?<\/style>/g, "").split(/^```.*$/m);
  const prose = parts.flatMap((p, k) => (k % 2 ? [...templateTexts(p), ...optionTexts(p)] : [p])).map(withoutExpressions);
  const found: string[] = [];
  for (const line of prose.join("\n").split("\n")) {
    let text = line
      .replace(/`[^`]*`/g, "")
      .replace(/<[^>]+>/g, "")
      .replace(/\]\([^)]*\)/g, "]");
    for (const [re] of ALLOWED) text = text.replace(re, "");
    if (/\d|[½⅓¼¾]/.test(text)) found.push(line.trim());
  }
  return found;
}

test("the prose scan finds a typed number and ignores computed ones and the named exceptions", () => {
  assert.deepEqual(typedNumbers("Clips of 2 s.\n\n```js\nconst x = 2;\n```\n"), ["Clips of 2 s."]);
  // biome-ignore lint/suspicious/noTemplateCurlyInString: page source as text, the prose checker's input.
  assert.deepEqual(typedNumbers("```js\ndisplay(html`<p>${n} clips, at 16 kHz</p>`);\n```"), ["<p>… clips, at 16 kHz</p>"]);
  // biome-ignore lint/suspicious/noTemplateCurlyInString: page source as text, the prose checker's input.
  assert.deepEqual(typedNumbers("Clips of ${method.clipSeconds} s in [-1, 1] (docs/method.md §3–4); `x = 2`."), []);
  assert.deepEqual(typedNumbers("augmented with probability ½"), ["augmented with probability ½"]);
  assert.deepEqual(typedNumbers('```js\nPlot.plot({x: {label: "3-fold CV accuracy"}, y: {label: "PC2"}})\n```'), ["3-fold CV accuracy"]);
});

test("no page types a number into its prose", () => {
  const pages = readdirSync(SRC).filter((f) => f.endsWith(".md"));
  assert.ok(pages.length >= 10, "the pages were found");
  const typed = pages.flatMap((f) => typedNumbers(readFileSync(join(SRC, f), "utf8")).map((l) => `${f}: ${l}`));
  assert.deepEqual(typed, [], "typed numbers in page prose (compute them, or name the exception in ALLOWED)");
});
