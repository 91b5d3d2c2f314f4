// One recording followed through the study (loaders/pipeline/study-walkthrough.ts): what /study draws.
import {studyWalkthrough} from "../../loaders/pipeline/study-walkthrough.ts";
process.stdout.write(JSON.stringify(await studyWalkthrough()));
