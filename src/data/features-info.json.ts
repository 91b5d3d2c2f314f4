// Size and shape of the reviewer export (features.arrow), for the provenance page.
import {tableFromIPC} from "apache-arrow";
import {featuresTable} from "../../loaders/pipeline/features-export.ts";
const bytes = await featuresTable("yamnet");
const t = tableFromIPC(bytes);
process.stdout.write(JSON.stringify({bytes: bytes.length, rows: t.numRows, columns: t.numCols}));
