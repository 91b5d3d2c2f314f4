// A chart's data, downloadable: "CSV" builds the file from the rows the chart draws (in the page,
// nothing fetched); "Arrow" links the file the build wrote, where there is one.
import {html} from "npm:htl";
import * as d3 from "npm:d3";

/** Links under a chart: `rows` as CSV named `name`.csv, and the build's Arrow file when given. */
export function download(rows, name, {arrow} = {}) {
  const csv = () =>
    URL.createObjectURL(
      new Blob(
        [
          d3.csvFormat(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "object" && v !== null ? JSON.stringify(v) : v]))))
        ],
        {type: "text/csv"}
      )
    );
  const link = html`<a href="#" download=${`${name}.csv`} class="download">CSV</a>`;
  // The blob is made on click, so a page with many charts keeps no copies until one is asked for.
  link.onclick = () => {
    if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
    link.href = csv();
  };
  // The row count belongs to the CSV (the rows drawn); the Arrow file is the build's whole table.
  return html`<div class="downloads muted small">Data: ${link} (${rows.length.toLocaleString("en-US")} row${rows.length === 1 ? "" : "s"})${
    arrow ? html` · <a href=${arrow.href} download=${`${name}.arrow`} class="download">Arrow</a> (the build's whole table)` : ""
  }</div>`;
}
