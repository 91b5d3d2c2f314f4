// The acoustic encoder's named descriptors (F0, voicing, loudness, spectral shape) of every labelled recording.
import {DESCRIPTORS, ACOUSTIC_DIM} from "../../loaders/encoders/acoustic/graph.ts";
import {loadDataset} from "../../loaders/pipeline/dataset.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const d = await loadDataset("acoustic");
const offset = ACOUSTIC_DIM - DESCRIPTORS.length;
const rows = d.labelled.flatMap((s, i) =>
  DESCRIPTORS.map((name, j) => ({path: s.path, label: s.label, source: s.source, descriptor: name, value: d.X.data[i * d.X.cols + offset + j]})));
process.stdout.write(rowsToArrow(rows));
