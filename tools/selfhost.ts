/**
 * Fill Observable Framework's npm cache from node_modules so `observable build` never reaches a CDN.
 *
 * Framework resolves every `npm:` import (explicit or implicit: d3, Plot, Inputs, htl, Arrow,
 * Arquero, DuckDB-wasm) to `src/.observablehq/cache/_npm/<name>@<version>/<path>` and downloads
 * the file only when it is missing. We write a self-contained ESM bundle (esbuild, a Framework
 * dependency) of the installed package at that path, so the version shipped is the one pinned in
 * package-lock.json and the built site serves everything from its own origin.
 */
import {build, type BuildOptions, type Plugin} from "esbuild";
import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {copyFile, mkdir, readFile, writeFile} from "node:fs/promises";
import {dirname, join, relative} from "node:path";
import {fileURLToPath} from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cacheRoot = join(root, "src", ".observablehq", "cache", "_npm");

interface Bundle {
  /** npm package name as pages import it (`npm:<name>`). */
  name: string;
  /** Module to bundle, resolved from node_modules. */
  entry: string;
  /** Packages left as imports of another cached bundle (shared instances, e.g. one Arrow). */
  external?: string[];
  /** Extra files of the package copied verbatim (wasm, workers). */
  assets?: string[];
}

/** esbuild settings of every browser bundle the site serves (npm packages and our live module). */
export const BROWSER_ESM: BuildOptions = {
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "inline",
  logLevel: "error",
  mainFields: ["module", "browser", "main"],
  conditions: ["import", "module", "browser", "default"]
};

export const BUNDLES: Bundle[] = [
  {name: "d3", entry: "d3"},
  {name: "@observablehq/plot", entry: "@observablehq/plot"},
  {name: "@observablehq/inputs", entry: "@observablehq/inputs"},
  {name: "htl", entry: "htl"},
  {name: "isoformat", entry: "isoformat"},
  {name: "d3-dsv", entry: "d3-dsv"},
  {name: "apache-arrow", entry: "apache-arrow"},
  {name: "arquero", entry: "arquero"},
  {
    name: "@duckdb/duckdb-wasm",
    entry: "@duckdb/duckdb-wasm",
    external: ["apache-arrow"],
    assets: ["dist/duckdb-mvp.wasm", "dist/duckdb-eh.wasm", "dist/duckdb-browser-mvp.worker.js", "dist/duckdb-browser-eh.worker.js"]
  }
];

export function installedVersion(name: string): string {
  return JSON.parse(readFileSync(packageFile(`${name}/package.json`), "utf8")).version;
}

function packageFile(spec: string): string {
  // Some packages do not export ./package.json; resolve from the node_modules folder instead.
  const [a, b] = spec.split("/");
  const name = a.startsWith("@") ? `${a}/${b}` : a;
  const rest = spec.slice(name.length + 1);
  return join(root, "node_modules", name, rest);
}

function cacheDir(name: string): string {
  return join(cacheRoot, `${name}@${installedVersion(name)}`);
}

function externalPlugin(from: string, names: string[]): Plugin {
  return {
    name: "cached-external",
    setup(b) {
      for (const dep of names) {
        b.onResolve({filter: new RegExp(`^${dep.replace(/[/@.-]/g, "\\$&")}$`)}, () => ({
          path: relative(from, join(cacheDir(dep), "_esm.js")),
          external: true
        }));
      }
    }
  };
}

async function bundleOne(b: Bundle): Promise<string> {
  const dir = cacheDir(b.name);
  await mkdir(dir, {recursive: true});
  const result = await build({
    ...BROWSER_ESM,
    entryPoints: [b.entry],
    absWorkingDir: root,
    write: false,
    plugins: b.external ? [externalPlugin(dir, b.external)] : []
  });
  const code = result.outputFiles![0].contents;
  await writeFile(join(dir, "_esm.js"), code);
  const pkg = JSON.parse(await readFile(packageFile(`${b.name}/package.json`), "utf8"));
  // Framework reads dependencies from here only when a bundle still imports /npm/ paths; ours do not.
  await writeFile(join(dir, "package.json"), JSON.stringify({name: pkg.name, version: pkg.version}));
  for (const asset of b.assets ?? []) {
    await mkdir(dirname(join(dir, asset)), {recursive: true});
    await copyFile(packageFile(`${b.name}/${asset}`), join(dir, asset));
  }
  return `${b.name}@${pkg.version} ${createHash("sha256").update(code).digest("hex").slice(0, 12)}`;
}

export async function selfhost(): Promise<string[]> {
  const out: string[] = [];
  for (const b of BUNDLES) out.push(await bundleOne(b));
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of await selfhost()) process.stderr.write(`selfhost ${line}\n`);
}
