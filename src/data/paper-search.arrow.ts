// Every configuration the randomized search drew, per model and protocol, with its three fold scores (YAMNet, both protocols).
import {paperRuns} from "../../loaders/pipeline/paper-run.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const {runs} = await paperRuns("yamnet");
process.stdout.write(rowsToArrow(runs.flatMap((r) => r.search)));
