/**
 * One table a reviewer can load in their own tools (pandas, R, DuckDB) to re-run any number of the
 * report: every embedded corpus file that some labelling labels, with its checksum, installation, recording and group ids, its
 * label under each labelling, its split under each protocol and labelling, the neural head's
 * holdout prediction under each protocol, and the clean embedding (float32 columns e0000…).
 */
import {makeVector, Table, tableToIPC, Utf8, vectorFromArray, type Vector} from "apache-arrow";
import {loadEncoder} from "../encoders/registry.ts";
import {analyseCorpus, LABELLING, labelUnder, LABELLINGS, PRIMARY_LABELLING} from "./corpus-analysis.ts";
import {cleanEmbeddings, PROTOCOLS, type Protocol} from "./dataset.ts";
import {resolveDataDir} from "../../data/corpus.ts";
import {paperRuns} from "./paper-run.ts";

/** Short column suffixes for the labellings and protocols. */
export const LABELLING_COLUMN = {[LABELLING.repackaged]: "repackaged", [LABELLING.codeTable]: "code_table", [LABELLING.keywords]: "keywords"} as const;
export const PROTOCOL_COLUMN: Record<Protocol, string> = {"split by file (the paper's)": "by_file", "grouped split (installation + duplicates)": "grouped"};

export async function featuresTable(encoderName = "yamnet"): Promise<Uint8Array> {
  const dataDir = resolveDataDir();
  const {rows, splits} = await analyseCorpus(dataDir);
  const enc = await loadEncoder(encoderName);
  const embedding = await cleanEmbeddings(enc, dataDir, rows);
  const splitOf = new Map(splits.map((s) => [`${s.labelling}\0${s.path}`, s]));
  // A file's recording and group ids are the same under every labelling that labels it.
  const idsOf = new Map(splits.map((s) => [s.path, s]));
  const files = rows.filter((r) => embedding.has(r.path) && idsOf.has(r.path));
  const {runs} = await paperRuns(encoderName, PRIMARY_LABELLING);
  const cols: Record<string, Vector> = {};
  const text = (name: string, f: (r: (typeof files)[number]) => string) => (cols[name] = vectorFromArray(files.map(f), new Utf8()));
  text("path", (r) => r.path);
  text("sha256", (r) => r.sha256);
  text("source", (r) => r.source);
  text("installation", (r) => r.appInstance);
  text("recording", (r) => idsOf.get(r.path)!.recording);
  text("group", (r) => idsOf.get(r.path)!.group);
  text("reason_code", (r) => r.reason);
  for (const l of LABELLINGS) text(`label_${LABELLING_COLUMN[l]}`, (r) => labelUnder(l, r));
  for (const l of LABELLINGS)
    for (const [protocol, field] of Object.entries(PROTOCOLS) as [Protocol, "paperSplit" | "groupedSplit"][])
      text(`split_${PROTOCOL_COLUMN[protocol]}_${LABELLING_COLUMN[l]}`, (r) => splitOf.get(`${l}\0${r.path}`)?.[field] ?? "");
  for (const run of runs) {
    const pred = new Map(run.holdout.map((h) => [h.path, h.predicted]));
    text(`head_holdout_prediction_${PROTOCOL_COLUMN[run.protocol]}`, (r) => pred.get(r.path) ?? "");
  }
  for (let j = 0; j < enc.card.dim; j++) cols[`e${String(j).padStart(4, "0")}`] = makeVector(Float32Array.from(files, (r) => embedding.get(r.path)![j]));
  return tableToIPC(new Table(cols), "file");
}
