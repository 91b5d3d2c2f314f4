// The corpus as it really is: one row per file, with labels, decoding facts and exclusion reasons.
import {resolveDataDir} from "../../data/corpus.ts";
import {buildInventory} from "../../loaders/corpus/inventory.ts";
import {rowsToArrow} from "../../loaders/pipeline/arrow.ts";

const rows = await buildInventory(resolveDataDir());
process.stdout.write(rowsToArrow(rows));
