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
