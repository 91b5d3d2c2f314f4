// Observable Framework configuration. The site must make no third-party request: no Google Fonts
// (globalStylesheets), no DuckDB extensions from a CDN; npm packages are self-hosted by tools/selfhost.ts.
export default {
  title: "cry-report",
  root: "src",
  pages: [
    {name: "The answer", path: "/"},
    {name: "How the study works", path: "/study"},
    {name: "The corpus", path: "/corpus"},
    {name: "Claims audit", path: "/claims"},
    {name: "Duplicates and splits", path: "/data"},
    {name: "Audio", path: "/audio"},
    {name: "Embeddings", path: "/embeddings"},
    {name: "Classical models", path: "/models"},
    {name: "Neural head", path: "/head"},
    {name: "Cross-validation and leakage", path: "/cv"},
    {name: "Every choice at once", path: "/multiverse"},
    {name: "Query the report", path: "/query"},
    {name: "Try the classifier", path: "/classify"},
    {name: "Provenance", path: "/provenance"}
  ],
  globalStylesheets: [],
  style: "style.css",
  // An empty icon stops the browser asking the server for /favicon.ico.
  head: '<link rel="icon" href="data:,">',
  duckdb: {extensions: {json: null, parquet: null}},
  footer: "cry-report — a reproducibility report. Data: Donate-a-cry corpus (ODbL 1.0).",
  search: false
};
