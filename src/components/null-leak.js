// The permutation null's headline, shared by / and /multiverse so that their conclusions cannot
// drift apart: which joint test to read, whether labels that mean nothing still score above chance,
// and the clause that concludes from the two splits.

/** The joint test of one split and model in null.json; a missing one is an error, not a silent blank. */
export function jointOf(nul, protocol, model) {
  const j = nul.joint.find((x) => x.protocol === protocol && x.model === model);
  if (!j) throw new Error(`null.json has no joint test for ${model} under ${protocol}`);
  return j;
}

/** Permuted labels score above chance when even the low end of the null band is above zero. */
export const aboveChance = (j) => j.nullLo > 0;

/** What the two splits' null bands say, as a clause (lower case, no full stop). */
export function leakVerdict(byFile, grouped) {
  if (aboveChance(byFile) && !aboveChance(grouped)) return "the split by file rewards recognising a recording, the grouped split does not";
  if (aboveChance(byFile)) return "both splits reward something other than the labels";
  return "neither split is shown to reward recognising a recording";
}
