/**
 * The study's own numbers, as PAPER.md §7 lists them (README and notebook disagree; both are kept).
 * These are claims to check, typed once here and shown only as "the paper says".
 */
export const PAPER_CLAIMS = {
  pcaComponents95: 126,
  hearDim: {text: 1280, notebook: 512},
  dataset: {labelled: 6639, Pain: 1798, Hunger: 1163, Neurological: 3678},
  split: {train: 2655, val: 996, test: 986, holdout: 2002}
} as const;

export interface Claim {
  id: string;
  quantity: string;
  readme: string;
  notebook: string;
  /** The claim's headline number (README first, else notebook), for comparison with ours. */
  value: number | null;
}

/** Every row of PAPER.md §7. */
export const SECTION7: Claim[] = [
  {id: "mlp-val", quantity: "MLP val acc / weighted F1", readme: "0.6677 / 0.678", notebook: "0.6586 / 0.6688", value: 0.6677},
  {id: "mlp-test", quantity: "MLP test acc / F1", readme: "0.6775 / 0.686", notebook: "0.6856 / 0.6956", value: 0.6775},
  {id: "mlp-holdout", quantity: "MLP holdout acc / F1", readme: "0.6748 / 0.686", notebook: "0.6838 / 0.6953", value: 0.6748},
  {id: "gap", quantity: "train–holdout gap", readme: "0.0797", notebook: "", value: 0.0797},
  {id: "per-class-acc", quantity: "holdout per-class acc Pain / Hunger / Neuro", readme: "", notebook: "0.6624 / 0.5299 / 0.7430", value: null},
  {id: "auc", quantity: "AUC Neuro / Pain / Hunger", readme: "0.876 / 0.808 / 0.788", notebook: "", value: 0.808},
  {id: "per-class-f1", quantity: "per-class F1 Neuro / Pain / Hunger", readme: "0.80 / 0.60 / 0.44", notebook: "", value: null},
  {id: "classical", quantity: "best classical (SVM RBF) holdout acc", readme: "0.6683", notebook: "ensemble 0.6613", value: 0.6683},
  {id: "cv", quantity: "5-fold CV SVM", readme: "0.8151 ± 0.0086", notebook: "0.8188 ± 0.0086", value: 0.8151},
  {id: "dataset", quantity: "dataset", readme: "6639 labelled: Pain 1798, Hunger 1163, Neuro 3678", notebook: "", value: 6639},
  {id: "pca", quantity: "PCA components at 95%", readme: "", notebook: "126", value: 126}
];
