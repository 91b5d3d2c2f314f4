/** Rows of plain objects → Arrow IPC bytes, with column types fixed so output bytes are deterministic. */
import {Bool, Dictionary, Float64, Int32, Table, tableToIPC, Utf8, vectorFromArray, type Vector} from "apache-arrow";

/**
 * `dictionary`: string columns to store once per distinct value (a file path repeated on 10⁵ rows
 * of a spectrogram would otherwise be most of the file's bytes); pages read them as strings still.
 */
export function rowsToArrow<T extends object>(
  rows: T[],
  columns?: (keyof T & string)[],
  {dictionary = []}: {dictionary?: (keyof T & string)[]} = {}
): Uint8Array {
  const keys = columns ?? (rows.length ? (Object.keys(rows[0]) as (keyof T & string)[]) : []);
  const cols: Record<string, Vector> = {};
  for (const k of keys) {
    const values = rows.map((r) => r[k]);
    // null counts as a missing number (JSON turns NaN into null on the way through a cache).
    const numeric = values.some((v) => typeof v === "number") && values.every((v) => typeof v === "number" || v === null);
    const boolean = values.length > 0 && values.every((v) => typeof v === "boolean");
    cols[k] = boolean
      ? vectorFromArray(values as boolean[], new Bool())
      : numeric
        ? vectorFromArray(values.map((v) => (v === null ? NaN : v)) as number[], new Float64())
        : vectorFromArray(
            values.map((v) => (v == null ? null : String(v))),
            dictionary.includes(k) ? new Dictionary(new Utf8(), new Int32()) : new Utf8()
          );
  }
  return tableToIPC(new Table(cols), "file");
}
