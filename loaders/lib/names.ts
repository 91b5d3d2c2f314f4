/**
 * The one table of the study's display names, by id: the protocols, labellings, models, the
 * multiverse's augmentation and copies choices. Code picks a choice by its id (`NAMES.model.head`,
 * `PROTOCOL_ID.paperSplit`), never by its wording or its position in a list; the pages read this
 * same table from method.json (`method.names`), so a page looks a row up by id too. Renaming a
 * choice here renames it in every page, Arrow file and cache key at once (the cache then
 * recomputes: a key holds what determines a result, its wording included).
 *
 * The Arrow files carry the display name as their value (written from this table), which keeps
 * the study's outputs byte-identical and the CSV downloads and /query's SQL readable.
 */
export const NAMES = {
  /** The two ways of splitting the corpus; the id is also the splits table's column. */
  protocol: {paperSplit: "split by file (the paper's)", groupedSplit: "grouped split (installation + duplicates)"},
  /** The protocols as charts' facet labels and table cells name them. */
  protocolShort: {paperSplit: "split by file", groupedSplit: "grouped split"},
  labelling: {repackaged: "as re-packaged", codeTable: "paper's code table", keywords: "keywords, cleaned files only"},
  model: {
    svm: "SVM (RBF)",
    logistic: "Logistic regression",
    forest: "Random forest",
    boosting: "Gradient boosting",
    voting: "Soft-voting ensemble",
    head: "Neural head"
  },
  /** The multiverse's augmentation choice: the paper's two augmented copies per training file, or none. */
  augmentation: {paper: "×3 (the paper's)", none: "none"},
  /** The multiverse's CV choice: where a file's augmented copies and duplicates go in the folds. */
  copies: {anyFold: "in any fold (the paper's)", withRecording: "kept with their recording"}
} as const;

export type ProtocolId = keyof typeof NAMES.protocol;
export type ProtocolName = (typeof NAMES.protocol)[ProtocolId];

/** A protocol's id from its display name (the value Arrow rows and run summaries carry). */
export const PROTOCOL_ID = Object.fromEntries(Object.entries(NAMES.protocol).map(([id, name]) => [name, id])) as Record<ProtocolName, ProtocolId>;
