// Layers that only point down (issue 24, item 4): the folders of loaders/ form a stack, and a module
// may import from its own folder or from a folder below it, never from one above. So there is no
// cycle between folders, loaders/lib/ imports nothing of the project, and the browser's bundle of
// the live classifier cannot reach the Node-only study. The graph is read from the sources (import
// and export … from statements, dynamic import("…") and import("…") types, with relative specifiers),
// and the checker is itself tested on a synthetic graph, so a broken checker cannot pass silently.
import assert from "node:assert/strict";
import {readdirSync, readFileSync} from "node:fs";
import {builtinModules} from "node:module";
import {dirname, join, relative, resolve, sep} from "node:path";
import {test} from "node:test";
import {fileURLToPath} from "node:url";
import ts from "typescript";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The folders of loaders/, lowest first; "." is the files directly in loaders/. A folder may import
 * only from itself and the folders before it.
 */
const LAYERS: readonly (readonly [folder: string, why: string])[] = [
  [
    "lib",
    "cache, code hashes, progress, seeded random, Arrow rows, tar, WebAssembly loading: tools that know nothing of cries, so they sit under everything and import nothing of the project (not even data/)"
  ],
  ["onnx", "writes ONNX graphs and holds the session options; needs nothing else, and models/, encoders/ and live/ build or run graphs with it"],
  [
    "audio",
    "one recording's signal (decoding, resampling, filters, clips, WAV, the live input's conversion to 16 kHz mono); needs only lib/, and the corpus, the cry rule and the page all run it"
  ],
  ["corpus", "the donate-a-cry files (names, labels, inventory, duplicates); decodes each file through audio/"],
  [
    "eval",
    "metrics, bootstrap, splits, intervals; needs only lib/, and sits below models/ because the hyper-parameter search scores candidates with its metrics"
  ],
  ["models", "scaler, PCA and the estimators (the MLP head exports its ONNX through onnx/)"],
  ["encoders", "YAMNet, HeAR and the acoustic features as ONNX encoders with their sources; independent of models/, both below what combines them"],
  [
    "cry",
    "the cry check's rule, rule choice and non-cry set: functions over audio/ clips, eval/ and models/; the stages that run them over the corpus are pipeline/cry-evidence.ts and pipeline/cry-check.ts"
  ],
  [
    "live",
    "the live classifier as tools/bundle-live.ts bundles it for the page: audio/'s preprocessing, cry/'s rule, onnx/'s session options; below pipeline/ so the page never reaches the Node-only study (the model bundle it serves is pipeline/live-bundle.ts)"
  ],
  ["pipeline", "the study's cached stages over the corpus, run by Node: uses every layer below"],
  ["paper", "the paper's numbers and the audit of them against the pipeline's runs"],
  [".", "loaders/method.ts: the constants the pages' prose names, read from the modules of every layer that use them"]
];

/** The browser's bundles (tools/bundle-live.ts): what they reach must run in a page. */
const BROWSER_ENTRIES = ["loaders/live/browser.ts", "loaders/live/encoder-worker.ts"];

interface Import {
  specifier: string;
  line: number;
}

/** One file's module specifiers, from its syntax tree (so comments and strings are not read as imports). */
function importsOf(source: string, fileName = "module.ts"): Import[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Import[] = [];
  const add = (node: ts.Node, lit: ts.Node | undefined) => {
    if (lit && (ts.isStringLiteral(lit) || ts.isNoSubstitutionTemplateLiteral(lit)))
      out.push({specifier: lit.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1});
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** A relative import: both ends as paths from the project root, with "/" separators. */
interface Edge {
  from: string;
  to: string;
  line: number;
}

interface Graph {
  edges: Edge[];
  /** Imports of npm packages and Node builtins, by importing file. */
  bare: Map<string, Import[]>;
}

const posix = (p: string) => p.split(sep).join("/");

function tsFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

function loadersGraph(): Graph {
  const graph: Graph = {edges: [], bare: new Map()};
  for (const file of tsFiles(join(ROOT, "loaders"))) {
    const from = posix(relative(ROOT, file));
    for (const im of importsOf(readFileSync(file, "utf8"), file)) {
      if (im.specifier.startsWith(".")) graph.edges.push({from, to: posix(relative(ROOT, resolve(dirname(file), im.specifier))), line: im.line});
      else graph.bare.set(from, [...(graph.bare.get(from) ?? []), im]);
    }
  }
  return graph;
}

/** The layer of a file under loaders/ (its first folder, or "." for loaders/*.ts); null outside loaders/. */
function layerOf(path: string): string | null {
  const parts = path.split("/");
  if (parts[0] !== "loaders" || parts.length < 2) return null;
  return parts.length === 2 ? "." : parts[1];
}

const shown = (layer: string) => (layer === "." ? "loaders/*.ts" : `${layer}/`);

/** Folders that import each other, directly or around a loop: the strongly connected components with more than one folder. */
function folderCycles(edges: Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = layerOf(e.from),
      b = layerOf(e.to);
    if (a === null || b === null || a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    next.get(a)!.add(b);
  }
  // Tarjan's algorithm.
  const index = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    on = new Set<string>(),
    out: string[][] = [];
  const connect = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    on.add(v);
    for (const w of [...next.get(v)!].sort()) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1) out.push(part.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) connect(v);
  return out;
}

/** Every way the graph breaks the layering, one sentence each naming the files; empty when it holds. */
function violations(edges: Edge[], layers: readonly string[]): string[] {
  const rank = new Map(layers.map((l, i) => [l, i]));
  const out: string[] = [];
  const files = new Set(edges.flatMap((e) => [e.from, e.to]));
  for (const f of [...files].sort()) {
    const l = layerOf(f);
    if (l !== null && !rank.has(l) && !out.some((m) => m.startsWith(`${shown(l)} `)))
      out.push(`${shown(l)} (${f}) is not in the layer order: add it where its imports put it`);
  }
  for (const e of edges) {
    const a = layerOf(e.from),
      b = layerOf(e.to);
    if (a === "lib" && b !== "lib") out.push(`${e.from}:${e.line} imports ${e.to}: loaders/lib/ imports nothing of the project`);
    else if (a !== null && b !== null && a !== b && rank.has(a) && rank.has(b) && rank.get(b)! > rank.get(a)!) {
      out.push(`${e.from}:${e.line} imports ${e.to}: ${shown(a)} sits below ${shown(b)} in the layer order, so this edge points up`);
    }
  }
  for (const cycle of folderCycles(edges)) {
    const inside = edges.filter((e) => {
      const a = layerOf(e.from),
        b = layerOf(e.to);
      return a !== null && b !== null && a !== b && cycle.includes(a) && cycle.includes(b);
    });
    out.push(`folders import each other in a cycle: ${cycle.map(shown).join(", ")} (${inside.map((e) => `${e.from}:${e.line} → ${e.to}`).join("; ")})`);
  }
  return out;
}

test("import direction: the checker reports an upward edge, an import from lib/ to the project, a cycle between folders and an unplaced folder, and nothing in a graph that points down", () => {
  const layers = ["lib", "audio", "cry", "pipeline"];
  const edge = (from: string, to: string, line = 1): Edge => ({from, to, line});
  const down = [
    edge("loaders/pipeline/run.ts", "loaders/cry/rule.ts"),
    edge("loaders/cry/rule.ts", "loaders/audio/clips.ts"),
    edge("loaders/audio/clips.ts", "loaders/lib/random.ts"),
    edge("loaders/lib/cache.ts", "loaders/lib/code-hash.ts"),
    edge("loaders/pipeline/run.ts", "data/corpus.ts"),
    edge("loaders/audio/sub/deep.ts", "loaders/audio/clips.ts")
  ];
  assert.deepEqual(violations(down, layers), []);

  const up = violations([...down, edge("loaders/audio/clips.ts", "loaders/pipeline/run.ts", 7)], layers);
  assert.ok(
    up.some((m) => m.startsWith("loaders/audio/clips.ts:7 imports loaders/pipeline/run.ts: audio/ sits below pipeline/")),
    up.join("\n")
  );
  // audio → pipeline → cry → audio is also a loop between folders.
  assert.ok(
    up.some((m) => /^folders import each other in a cycle: audio\/, cry\/, pipeline\//.test(m)),
    up.join("\n")
  );

  const lib = violations([...down, edge("loaders/lib/cache.ts", "data/corpus.ts", 9)], layers);
  assert.deepEqual(lib, ["loaders/lib/cache.ts:9 imports data/corpus.ts: loaders/lib/ imports nothing of the project"]);

  const cycle = violations([...down, edge("loaders/cry/rule.ts", "loaders/pipeline/run.ts", 3)], layers);
  assert.equal(cycle.length, 2, cycle.join("\n"));
  assert.match(cycle[1], /^folders import each other in a cycle: cry\/, pipeline\/ \(.*loaders\/cry\/rule\.ts:3 → loaders\/pipeline\/run\.ts/);
  assert.match(cycle[1], /loaders\/pipeline\/run\.ts:1 → loaders\/cry\/rule\.ts/);

  // Two folders in a loop that the order does not place are still a cycle; the unplaced folder is named.
  const unplaced = violations([edge("loaders/extra/a.ts", "loaders/other/b.ts"), edge("loaders/other/b.ts", "loaders/extra/a.ts")], layers);
  assert.ok(
    unplaced.some((m) => m.startsWith("extra/ (loaders/extra/a.ts) is not in the layer order")),
    unplaced.join("\n")
  );
  assert.ok(
    unplaced.some((m) => m.startsWith("folders import each other in a cycle: extra/, other/")),
    unplaced.join("\n")
  );
});

test("import direction: every kind of import is read, and comments and strings are not", () => {
  const source = [
    `/** import {x} from "./in-a-comment.ts" */`,
    `import {a} from "./a.ts";`,
    `import type {B} from "../b.ts";`,
    `import "./side-effect.ts";`,
    `import * as ns from "./namespace.ts";`,
    `export * as ort from "onnxruntime-web/wasm";`,
    `export * as star from "./star-as.ts";`,
    `export {c} from "./c.ts";`,
    `export type {D} from "./d.ts";`,
    `// import {e} from "./e.ts";`,
    `const s = "import {f} from './in-a-string.ts'";`,
    `const m = await import("../dynamic.ts");`,
    `type T = import("./type-only.ts").T;`,
    `export const g = 1;`
  ].join("\n");
  assert.deepEqual(importsOf(source), [
    {specifier: "./a.ts", line: 2},
    {specifier: "../b.ts", line: 3},
    {specifier: "./side-effect.ts", line: 4},
    {specifier: "./namespace.ts", line: 5},
    {specifier: "onnxruntime-web/wasm", line: 6},
    {specifier: "./star-as.ts", line: 7},
    {specifier: "./c.ts", line: 8},
    {specifier: "./d.ts", line: 9},
    {specifier: "../dynamic.ts", line: 12},
    {specifier: "./type-only.ts", line: 13}
  ]);
});

test("import direction: loaders/ imports only down its layer order, with no cycle between folders and nothing of the project from lib/", () => {
  const {edges} = loadersGraph();
  // The reading found the real graph (a check that reads nothing would pass).
  assert.ok(edges.length > 200, `${edges.length} relative imports under loaders/`);
  assert.ok(edges.some((e) => e.from === "loaders/pipeline/cry-check.ts" && e.to === "loaders/cry/choose.ts"));
  const folders = readdirSync(join(ROOT, "loaders"), {withFileTypes: true})
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const declared = LAYERS.map(([l]) => l);
  assert.deepEqual(
    declared.filter((l) => l !== "." && !folders.includes(l)),
    [],
    "layers named in the order that are not folders of loaders/"
  );
  assert.deepEqual(
    folders.filter((f) => !declared.includes(f)),
    [],
    "folders of loaders/ that the layer order does not place"
  );
  const found = violations(edges, declared);
  assert.deepEqual(found, [], `\n${found.join("\n")}`);
});

test("import direction: what the browser bundles reaches no Node builtin, no onnxruntime-node and nothing outside loaders/", () => {
  const bundler = readFileSync(join(ROOT, "tools", "bundle-live.ts"), "utf8");
  for (const entry of BROWSER_ENTRIES) assert.ok(bundler.includes(`"${entry.split("/").pop()}"`), `tools/bundle-live.ts bundles ${entry}`);
  const {edges, bare} = loadersGraph();
  const reached = new Set<string>(),
    todo = [...BROWSER_ENTRIES];
  while (todo.length) {
    const f = todo.pop()!;
    if (reached.has(f)) continue;
    reached.add(f);
    for (const e of edges) if (e.from === f) todo.push(e.to);
  }
  assert.ok(reached.has("loaders/live/classify.ts") && reached.has("loaders/cry/rule.ts"), [...reached].join(", "));
  const node = new Set(builtinModules);
  const bad = [...reached]
    .sort()
    .flatMap((f) => [
      ...(layerOf(f) === null ? [`${f} is outside loaders/`] : []),
      ...(bare.get(f) ?? [])
        .filter((im) => im.specifier.startsWith("node:") || node.has(im.specifier.split("/")[0]) || im.specifier === "onnxruntime-node")
        .map((im) => `${f}:${im.line} imports ${im.specifier}`)
    ]);
  assert.deepEqual(bad, [], `\n${bad.join("\n")}`);
});
