// What each protocol's run was made of: sizes, augmentation, PCA components, the head's parameters and ONNX hash.
import {paperRuns, GRIDS, HEAD_SEARCH, SEARCH, CV} from "../../loaders/pipeline/paper-run.ts";
import {AUGMENT_PARAMS} from "../../loaders/audio/augment.ts";
import {AUGMENT_SEED} from "../../loaders/pipeline/embed.ts";
import {BOOTSTRAP} from "../../loaders/pipeline/evaluate.ts";

const {runs} = await paperRuns("yamnet");
process.stdout.write(JSON.stringify({
  grids: GRIDS, search: SEARCH, bootstrap: BOOTSTRAP, headSearch: HEAD_SEARCH, cv: CV, augment: {...AUGMENT_PARAMS, seed: AUGMENT_SEED},
  runs: runs.map(({protocol, labelling, unit, encoder, classes, sizes, augmentation, components, head, gaps}) => ({protocol, labelling, unit, encoder, classes, sizes, augmentation, components, head, gaps}))
}));
