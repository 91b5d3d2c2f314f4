// The neural head the report evaluated (grouped split), BatchNorm and scaler folded; same bytes as the CLI's.
import {liveBundle} from "../../../loaders/live/models.ts";

process.stdout.write((await liveBundle()).headOnnx);
