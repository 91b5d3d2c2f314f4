/**
 * Class-mix standardisation: a confusion matrix measured on one class mix, re-weighted to another.
 *
 * Accuracy, precision, F1 and their averages depend on how common each class is; recall (each
 * true class's row of the confusion matrix) does not. Keeping every row's prediction shares q_j(p)
 * = C[j][p] / n_j and giving true class j the weight π_j of the target mix gives the confusion
 * matrix the same classifier would produce on that mix (in expectation):
 *
 *   accuracy = Σ_k π_k·recall_k,   precision_k = π_k·recall_k / Σ_j π_j·q_j(k),   F1_k = 2PR / (P + R).
 *
 * (For two classes, precision_k is π_k·TPR / (π_k·TPR + (1 − π_k)·FPR): recall, the false-positive
 * rate and the prior.) With π equal to the sample's own shares every value equals the raw metric,
 * so the twin differs from the raw number only by the class mix.
 */

export interface Standardised {
  accuracy: number;
  recall: number[];
  precision: number[];
  f1: number[];
  macroF1: number;
  weightedF1: number;
  balancedAccuracy: number;
}

/**
 * `cm[t][p]`: counts of true class t predicted p (k × k); `mix`: the target share of each class
 * (normalised here). A class with a target share must occur in the sample (its row is what gets
 * re-weighted); a class with share 0 and no row is left out of the averages, as scikit-learn leaves
 * out labels that neither occur nor are predicted. Precision with no predicted mass is 0
 * (scikit-learn's zero_division=0).
 */
export function standardise(cm: number[][], mix: ArrayLike<number>): Standardised {
  const k = cm.length;
  if (mix.length !== k) throw new Error(`standardise: ${mix.length} class shares for a ${k}-class confusion matrix`);
  const total = Array.from(mix).reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new Error("standardise: the target class mix sums to zero");
  const pi = Array.from(mix, (x) => x / total);
  const n = cm.map((row) => row.reduce((a, b) => a + b, 0));
  for (let c = 0; c < k; c++) if (pi[c] > 0 && n[c] === 0) throw new Error(`standardise: class ${c} has a target share but no sample to re-weight`);
  const q = cm.map((row, t) => row.map((v) => (n[t] ? v / n[t] : 0)));
  const recall = q.map((row, c) => row[c]);
  const predictedMass = recall.map((_, p) => pi.reduce((s, w, t) => s + w * q[t][p], 0));
  const precision = recall.map((r, c) => (predictedMass[c] > 0 ? (pi[c] * r) / predictedMass[c] : 0));
  const f1 = precision.map((p, c) => (p + recall[c] > 0 ? (2 * p * recall[c]) / (p + recall[c]) : 0));
  const scored = recall.map((_, c) => pi[c] > 0 || predictedMass[c] > 0);
  const mean = (v: number[]) => {
    const kept = v.filter((_, c) => scored[c]);
    return kept.reduce((a, b) => a + b, 0) / kept.length;
  };
  const present = recall.filter((_, c) => pi[c] > 0);
  return {
    accuracy: pi.reduce((s, w, c) => s + w * recall[c], 0),
    recall,
    precision,
    f1,
    macroF1: mean(f1),
    weightedF1: pi.reduce((s, w, c) => s + w * f1[c], 0),
    balancedAccuracy: present.reduce((a, b) => a + b, 0) / present.length
  };
}
