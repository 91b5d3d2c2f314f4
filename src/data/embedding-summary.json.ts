// Encoder card, explained-variance curve and the 95% cut of the embedding PCA.
import {analyseEmbeddings} from "../../loaders/pipeline/embedding-analysis.ts";
import {PREPROCESS_PARAMS} from "../../loaders/audio/preprocess.ts";

const a = await analyseEmbeddings("yamnet");
process.stdout.write(JSON.stringify({card: a.card, files: a.files, embedded: a.embedded, components95: a.components95,
  varianceRatio: a.varianceRatio, preprocess: PREPROCESS_PARAMS}));
