/** Indices grouped by key, keys in first-seen order, indices in the order given. */
export function indexBy<K>(indices: Iterable<number>, key: (i: number) => K): Map<K, number[]> {
  const out = new Map<K, number[]>();
  for (const i of indices) {
    const k = key(i);
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}

export function range(n: number): number[] {
  return Array.from({length: n}, (_, i) => i);
}
