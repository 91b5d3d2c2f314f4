// The cry/non-cry head the build chose and measured (logistic regression, scaler folded); same bytes as the CLI's.
import {liveBundle} from "../../../loaders/live/models.ts";

process.stdout.write((await liveBundle()).cryHeadOnnx);
