// What each protocol's run was made of: sizes, augmentation, PCA components, the head's parameters and ONNX hash.
import {paperRuns, GRIDS, HEAD_SEARCH, SEARCH, CV} from "../../loaders/pipeline/paper-run.ts";
import {AUGMENT_PARAMS} from "../../loaders/audio/augment.ts";
import {AUGMENT_SEED} from "../../loaders/pipeline/embed.ts";
import {BOOTSTRAP} from "../../loaders/pipeline/evaluate.ts";
import {HEAD_DEFAULTS} from "../../loaders/models/mlp/head.ts";
import {DUPLICATE_CV} from "../../loaders/pipeline/sensitivity.ts";
import {SPLIT_SEED} from "../../loaders/pipeline/corpus-analysis.ts";
import {paperFractions} from "../../loaders/eval/split.ts";

const {runs} = await paperRuns("yamnet");
process.stdout.write(JSON.stringify({
  grids: GRIDS, search: SEARCH, bootstrap: BOOTSTRAP, headSearch: HEAD_SEARCH, headDefaults: HEAD_DEFAULTS, cv: CV, duplicateCv: DUPLICATE_CV, split: {seed: SPLIT_SEED, fractions: paperFractions()}, augment: {...AUGMENT_PARAMS, seed: AUGMENT_SEED},
  runs: runs.map(({protocol, labelling, unit, encoder, classes, sizes, augmentation, components, head, gaps}) => ({protocol, labelling, unit, encoder, classes, sizes, augmentation, components, head, gaps}))
}));
