/**
 * Sorts `keys[0..n)` ascending and applies the same permutation to `idx` — an in-place quicksort
 * over typed arrays (median of three, insertion sort below 16). Tree growing sorts every node's rows
 * by every candidate feature; Array.prototype.sort with a comparator was the forest's bottleneck.
 */
export function sortByKey(keys: Float64Array, idx: Int32Array, n: number): void {
  const stack: number[] = [0, n - 1];
  while (stack.length) {
    let hi = stack.pop()!,
      lo = stack.pop()!;
    while (hi - lo > 16) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] < keys[lo]) swap(keys, idx, mid, lo);
      if (keys[hi] < keys[lo]) swap(keys, idx, hi, lo);
      if (keys[hi] < keys[mid]) swap(keys, idx, hi, mid);
      const pivot = keys[mid];
      let i = lo,
        j = hi;
      while (i <= j) {
        while (keys[i] < pivot) i++;
        while (keys[j] > pivot) j--;
        if (i <= j) swap(keys, idx, i++, j--);
      }
      // Recurse into the smaller side, loop on the larger: the stack stays O(log n).
      if (j - lo < hi - i) {
        stack.push(i, hi);
        hi = j;
      } else {
        stack.push(lo, j);
        lo = i;
      }
    }
    for (let a = lo + 1; a <= hi; a++) {
      const k = keys[a],
        v = idx[a];
      let b = a - 1;
      while (b >= lo && keys[b] > k) {
        keys[b + 1] = keys[b];
        idx[b + 1] = idx[b];
        b--;
      }
      keys[b + 1] = k;
      idx[b + 1] = v;
    }
  }
}

function swap(keys: Float64Array, idx: Int32Array, a: number, b: number) {
  const k = keys[a];
  keys[a] = keys[b];
  keys[b] = k;
  const v = idx[a];
  idx[a] = idx[b];
  idx[b] = v;
}

/**
 * Sorts non-negative 31-bit integers `a[0..m)` ascending — the same order as `a.subarray(0, m).sort()`
 * — by least-significant-digit radix sort: ⌈keyBits / 8⌉ stable passes of 256 buckets through
 * `tmp` (at least m long). The forest sorts every node's rows by every candidate feature as packed
 * (rank, row) integers of 2·⌈log₂ n⌉ bits; three counting passes cost a fraction of the engine's
 * comparison sort. Short runs, where the buckets' overhead would dominate, use the engine's sort.
 */
export function sortPackedInts(a: Int32Array, m: number, keyBits: number, tmp: Int32Array): void {
  if (m < 64) {
    a.subarray(0, m).sort();
    return;
  }
  const count = new Int32Array(256);
  let src = a,
    dst = tmp;
  for (let shift = 0; shift < keyBits; shift += 8) {
    count.fill(0);
    for (let q = 0; q < m; q++) count[(src[q] >>> shift) & 255]++;
    for (let b = 0, sum = 0; b < 256; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let q = 0; q < m; q++) dst[count[(src[q] >>> shift) & 255]++] = src[q];
    [src, dst] = [dst, src];
  }
  if (src !== a) a.set(src.subarray(0, m));
}
