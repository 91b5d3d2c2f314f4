// The class-mean "barcode": the mean standardized YAMNet embedding of each class, dimension by dimension.
import {loadDataset} from "../../loaders/pipeline/dataset.ts";
import {CLASSES} from "../../loaders/corpus/labels.ts";
import {StandardScaler} from "../../loaders/models/scaler.ts";
import {rowsToArrow} from "../../loaders/lib/arrow.ts";

const d = await loadDataset("yamnet");
const Z = new StandardScaler().fitTransform(d.X);
const rows = d.present.flatMap((c) => {
  const members = d.y.flatMap((v, i) => (v === c ? [i] : []));
  return Array.from({length: Z.cols}, (_, j) => ({
    label: CLASSES[c], dim: j, n: members.length,
    value: members.reduce((s, i) => s + Z.data[i * Z.cols + j], 0) / members.length
  }));
});
process.stdout.write(rowsToArrow(rows));
