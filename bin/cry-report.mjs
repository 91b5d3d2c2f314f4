#!/usr/bin/env node
// Entry point of `npx cry-report`: the CLI is TypeScript, run through tsx (a dependency).
import {register} from "tsx/esm/api";

register();
const {main} = await import("../tools/cli.ts");
process.exitCode = await main(process.argv.slice(2));
