// What the classifier page needs besides the models: hashes, class names, AudioSet names, the head's
// holdout metrics, the embedding map (and its projection), and the cry check's rule with its measured rates.
import {liveBundle} from "../../../loaders/live/models.ts";
import {analyseEmbeddings} from "../../../loaders/pipeline/embedding-analysis.ts";
import {cryCheck} from "../../../loaders/pipeline/cry-check.ts";

const b = await liveBundle();
const emb = await analyseEmbeddings("yamnet");
process.stdout.write(JSON.stringify({
  ...b.manifest,
  cryCheck: (await cryCheck()).check,
  projection: emb.projection,
  map: emb.map.filter((r) => r.status === "ok").map((r) => ({pc1: r.pc1, pc2: r.pc2, label: r.repackagedLabel}))
}));
