// One sample rate (issue 24, item 2): 16 kHz is defined once, in loaders/audio/rate.ts, and the
// code that counts samples at it imports it instead of typing the number again.
import assert from "node:assert/strict";
import {readdirSync, readFileSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {test} from "node:test";
import {fileURLToPath} from "node:url";
import ts from "typescript";
import {SAMPLE_RATE} from "../../loaders/audio/rate.ts";
import {LISTEN} from "../../loaders/audio/listen.ts";
import {ACOUSTIC_PARAMS} from "../../loaders/encoders/acoustic/graph.ts";
import {METHOD} from "../../loaders/method.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const files = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), ext) : ext.test(e.name) ? [join(dir, e.name)] : []));

/** Numeric literals of a source (comments and strings are not read), with their lines. */
function numbers(source: string): {value: number; line: number}[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, source);
  const out: {value: number; line: number}[] = [];
  // Which open brace each } closes: an object or block's, or a template's `${` (after which the
  // template's text goes on, to be rescanned as such).
  const braces: ("block" | "template")[] = [];
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t === ts.SyntaxKind.CloseBraceToken && braces.pop() === "template") t = scanner.reScanTemplateToken(false);
    if (t === ts.SyntaxKind.NumericLiteral)
      out.push({value: Number(scanner.getTokenValue().replace(/_/g, "")), line: source.slice(0, scanner.getTokenStart()).split("\n").length});
    else if (t === ts.SyntaxKind.OpenBraceToken) braces.push("block");
    else if (t === ts.SyntaxKind.TemplateHead || t === ts.SyntaxKind.TemplateMiddle) braces.push("template");
  }
  return out;
}

test("the sample rate is 16 kHz, and what names a rate elsewhere is that constant", () => {
  assert.equal(SAMPLE_RATE, 16000);
  assert.equal(METHOD.sampleRate, SAMPLE_RATE, "the pages read it from method.json");
  assert.equal(ACOUSTIC_PARAMS.sampleRate, SAMPLE_RATE);
  assert.equal(LISTEN.rate, SAMPLE_RATE);
  assert.deepEqual(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source code as text, the scanner's input.
    numbers("const a = 16000, b = 16_000; // 16000\nconst s = `${x / 16000} 16000 ${({k: 1}).k} ${`${2}`}`, o = {r: 16000}; /* 16000 */ '16000';"),
    [16000, 16000, 16000, 1, 2, 16000].map((value, i) => ({value, line: i < 2 ? 1 : 2})),
    "the scan reads literals in code, objects and template expressions, not in comments, strings or a template's text"
  );
});

test("no module of loaders/, tools/ or bench/, nor a page's component, types 16000 outside loaders/audio/rate.ts", () => {
  const sources = [
    ...["loaders", "tools", "bench"].flatMap((d) => files(join(ROOT, d), /\.ts$/)),
    ...files(join(ROOT, "src", "components"), /\.js$/).filter((f) => !/(^|\/)(live|encoder-worker)\.js$/.test(f))
  ];
  const typed = sources
    .filter((f) => relative(ROOT, f) !== "loaders/audio/rate.ts")
    .flatMap((f) =>
      numbers(readFileSync(f, "utf8"))
        .filter((n) => n.value === 16000)
        .map((n) => `${relative(ROOT, f)}:${n.line}`)
    );
  assert.deepEqual(typed, [], "import SAMPLE_RATE from loaders/audio/rate.ts");
});
