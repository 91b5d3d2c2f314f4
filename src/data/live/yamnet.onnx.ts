// The encoder the live classifier runs: YAMNet converted to ONNX by this build (same bytes as the CLI's).
import {liveBundle} from "../../../loaders/live/models.ts";

process.stdout.write((await liveBundle()).encoderOnnx);
