/**
 * The study's models by id. Code picks a model by id; the value is the display name that pages,
 * Arrow files and cache keys carry (so renaming one here renames it everywhere at once).
 */
export const MODEL = {
  svm: "SVM (RBF)",
  logistic: "Logistic regression",
  forest: "Random forest",
  boosting: "Gradient boosting",
  voting: "Soft-voting ensemble",
  head: "Neural head"
} as const;
export type ModelName = (typeof MODEL)[keyof typeof MODEL];
