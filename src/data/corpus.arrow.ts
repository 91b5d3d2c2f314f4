// The corpus as it really is: one row per file, with labels, decoding facts and exclusion reasons.
import {resolveDataDir} from "../../data/corpus.ts";
import {cachedInventory} from "../../loaders/pipeline/inventory-cached.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const rows = await cachedInventory(resolveDataDir());
process.stdout.write(rowsToArrow(rows));
