/**
 * The paper's split — three successive stratified `train_test_split` calls (test sizes 0.60, 0.75,
 * 0.67, seed 42) giving train/val/test/holdout ≈ 40/15/15/30 — and a grouped variant that keeps
 * every member of a group (one app installation, plus any duplicate of its recordings) in one split.
 *
 * Sizes follow scikit-learn exactly (n_test = ceil(test_size·n), per-class counts by largest
 * remainder); which recording lands where comes from our seeded generator, not numpy's, so index
 * sets differ from a Python run on the same data.
 */
import {indexBy, range} from "../lib/index-by.ts";
import {rng, shuffleInPlace} from "../lib/random.ts";

export const SPLITS = ["train", "val", "test", "holdout"] as const;
export type SplitName = (typeof SPLITS)[number];
export const PAPER_TEST_SIZES = [0.6, 0.75, 0.67];

/** Per-class test counts summing to nTest, proportional to class sizes (largest remainder, ties to larger classes). */
function allocate(classCounts: Map<number, number>, n: number, nTest: number): Map<number, number> {
  const entries = [...classCounts].sort((a, b) => a[0] - b[0]);
  const exact = entries.map(([c, k]) => ({c, k, want: (k * nTest) / n}));
  const out = new Map(exact.map((e) => [e.c, Math.floor(e.want)]));
  let left = nTest - [...out.values()].reduce((a, b) => a + b, 0);
  const order = [...exact].sort((a, b) => b.want - Math.floor(b.want) - (a.want - Math.floor(a.want)) || b.k - a.k || a.c - b.c);
  for (const e of order) {
    if (left <= 0) break;
    if (out.get(e.c)! < e.k) out.set(e.c, out.get(e.c)! + 1), left--;
  }
  return out;
}

/** One stratified split of `indices` into [rest, test]. */
export function stratifiedSplit(indices: number[], labels: ArrayLike<number>, testSize: number, random: () => number): [number[], number[]] {
  const n = indices.length;
  const nTest = Math.ceil(testSize * n);
  const byClass = indexBy(indices, (i) => labels[i]);
  for (const [c, members] of byClass) if (members.length < 2) throw new Error(`stratified split: class ${c} has ${members.length} sample(s); need at least 2`);
  const counts = allocate(new Map([...byClass].map(([c, m]) => [c, m.length])), n, nTest);
  const rest: number[] = [],
    test: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const m = shuffleInPlace([...byClass.get(c)!], random);
    const k = counts.get(c)!;
    test.push(...m.slice(0, k));
    rest.push(...m.slice(k));
  }
  return [rest.sort((a, b) => a - b), test.sort((a, b) => a - b)];
}

/** The paper's four-way split. Returns the split name of every sample. */
export function paperSplit(labels: ArrayLike<number>, seed = 42): SplitName[] {
  const random = rng(seed);
  const all = Array.from({length: labels.length}, (_, i) => i);
  const [train, rest1] = stratifiedSplit(all, labels, PAPER_TEST_SIZES[0], random);
  const [val, rest2] = stratifiedSplit(rest1, labels, PAPER_TEST_SIZES[1], random);
  const [test, holdout] = stratifiedSplit(rest2, labels, PAPER_TEST_SIZES[2], random);
  const out = new Array<SplitName>(labels.length);
  for (const [name, idx] of [
    ["train", train],
    ["val", val],
    ["test", test],
    ["holdout", holdout]
  ] as const)
    for (const i of idx) out[i] = name;
  return out;
}

/** Fractions of the paper's split: 0.40, 0.10·1.5 = 0.15, 0.15, 0.30 (from the test sizes above). */
export function paperFractions(): Record<SplitName, number> {
  const [a, b, c] = PAPER_TEST_SIZES;
  return {train: 1 - a, val: a * (1 - b), test: a * b * (1 - c), holdout: a * b * c};
}

/**
 * Grouped split: whole groups go to one split. Groups are placed largest first (ties in seeded
 * order) into the split whose per-class quota they fill best, so class balance stays close to the
 * paper's while no group straddles two splits.
 */
export function groupedSplit(labels: ArrayLike<number>, groups: ArrayLike<string>, seed = 42): SplitName[] {
  const random = rng(seed);
  const frac = paperFractions();
  const members = indexBy(range(labels.length), (i) => groups[i]);
  const classTotals = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) classTotals.set(labels[i], (classTotals.get(labels[i]) ?? 0) + 1);
  const need = new Map(SPLITS.map((s) => [s, new Map([...classTotals].map(([c, k]) => [c, k * frac[s]]))]));
  const order = shuffleInPlace([...members.keys()].sort(), random).sort((a, b) => members.get(b)!.length - members.get(a)!.length);
  const out = new Array<SplitName>(labels.length);
  for (const g of order) {
    const idx = members.get(g)!;
    let best: SplitName = "train",
      bestScore = -Infinity;
    for (const s of SPLITS) {
      // Remaining need, relative to the split's size, for this group's recordings.
      const score = idx.reduce((acc, i) => acc + need.get(s)!.get(labels[i])! / (classTotals.get(labels[i])! * frac[s]), 0) / idx.length;
      if (score > bestScore) (bestScore = score), (best = s);
    }
    for (const i of idx) {
      out[i] = best;
      need.get(best)!.set(labels[i], need.get(best)!.get(labels[i])! - 1);
    }
  }
  return out;
}

/** Connected components over "same group" links (app installation, duplicate pairs): a union–find. */
export function linkGroups(n: number, links: [number, number][], initial?: ArrayLike<string>): string[] {
  const parent = Array.from({length: n}, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const join = (a: number, b: number) => {
    const ra = find(a),
      rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  if (initial) {
    const first = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const f = first.get(initial[i]);
      if (f === undefined) first.set(initial[i], i);
      else join(f, i);
    }
  }
  for (const [a, b] of links) join(a, b);
  return Array.from({length: n}, (_, i) => `g${find(i)}`);
}

/** StratifiedKFold(k, shuffle, seed): fold id of every sample, class members dealt round-robin after a seeded shuffle. */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, seed = 42): number[] {
  const n = labels.length;
  if (n < k) throw new Error(`k-fold: ${n} samples for ${k} folds`);
  const random = rng(seed);
  const fold = new Array<number>(n);
  const byClass = indexBy(range(n), (i) => labels[i]);
  let offset = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const m = shuffleInPlace([...byClass.get(c)!], random);
    m.forEach((i, j) => (fold[i] = (j + offset) % k));
    offset = (offset + m.length) % k;
  }
  return fold;
}

/**
 * Rows into folds: given each row's fold id (stratifiedKFold, groupKFold), fold f's `test` rows and
 * its `train` rows (those of every other fold), each in row order. `k` defaults to the largest id + 1.
 */
export function foldRows(folds: ArrayLike<number>, k?: number): {train: number[]; test: number[]}[] {
  if (k === undefined) {
    k = 0;
    for (let i = 0; i < folds.length; i++) k = Math.max(k, folds[i] + 1);
  }
  const out = Array.from({length: k}, () => ({train: [] as number[], test: [] as number[]}));
  for (let i = 0; i < folds.length; i++) for (let f = 0; f < k; f++) (folds[i] === f ? out[f].test : out[f].train).push(i);
  return out;
}

/** Grouped k-fold: whole groups per fold, largest groups first into the currently smallest fold (as sklearn's GroupKFold), ties seeded. */
export function groupKFold(groups: ArrayLike<string>, k: number, seed = 42): number[] {
  const members = indexBy(range(groups.length), (i) => groups[i]);
  if (members.size < k) throw new Error(`group k-fold: ${members.size} groups for ${k} folds`);
  const order = shuffleInPlace([...members.keys()].sort(), rng(seed)).sort((a, b) => members.get(b)!.length - members.get(a)!.length);
  const size = new Array(k).fill(0);
  const fold = new Array<number>(groups.length);
  for (const g of order) {
    const f = size.indexOf(Math.min(...size));
    for (const i of members.get(g)!) fold[i] = f;
    size[f] += members.get(g)!.length;
  }
  return fold;
}
