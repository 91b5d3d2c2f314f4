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
  // What the page fetches on first use: the encoder and the class head (the cry head only when the rule needs it).
  modelBytes: b.encoderOnnx.length + b.headOnnx.length + (b.manifest.cryRule.kind === "head" ? b.cryHeadOnnx.length : 0),
  projection: emb.projection,
  map: emb.map.filter((r) => r.status === "ok").map((r) => ({pc1: r.pc1, pc2: r.pc2, label: r.repackagedLabel}))
}));
