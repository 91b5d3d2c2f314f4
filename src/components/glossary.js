// The report's terms, defined once: /study renders the list, and pages link a term's first use to
// its entry with `term(id)` (or a plain link to ./study#term-<id>).
import {html} from "npm:htl";

export const GLOSSARY = [
  {
    id: "hear",
    term: "HeAR",
    text: "Health Acoustic Representations: Google's encoder of health sounds (coughs, breathing) that turns 2 s of audio into an embedding. The paper used it; its weights are gated, so this report cannot run it."
  },
  {
    id: "gated",
    term: "gated weights",
    text: "A model whose weights are downloaded only after accepting its terms with an account (here Google's Health AI Developer Foundations terms). The build cannot fetch them or ship them."
  },
  {
    id: "build",
    term: "this build",
    text: "One run of the report's pipeline: it decodes the pinned corpus, embeds it, trains and evaluates every model and writes every number shown. The provenance page names its inputs, versions and seeds."
  },
  {
    id: "encoder",
    term: "encoder, embedding",
    text: "A pretrained network that turns a clip of audio into a fixed-length vector (the embedding). YAMNet gives 1,024 numbers per clip; a recording's embedding is the mean over its clips."
  },
  {
    id: "yamnet",
    term: "YAMNet",
    text: "Google's open audio classifier trained on AudioSet (521 everyday sound classes). The report uses its embeddings in place of HeAR's, and its AudioSet scores for the cry check."
  },
  {
    id: "installation",
    term: "installation",
    text: "One copy of the donate-a-cry phone app, identified in every file name. An installation's uploads are most likely one baby, one phone and one room, so they are not independent."
  },
  {
    id: "duplicate",
    term: "duplicate (raw upload and cleaned copy)",
    text: "The corpus holds many recordings twice: the phone's raw upload and a cleaned WAV re-encoding of it. The build finds the pairs by their audio content."
  },
  {
    id: "group",
    term: "installation group",
    text: "An installation with every duplicate of its files: the unit that intervals resample and that the grouped split keeps on one side."
  },
  {
    id: "split-by-file",
    term: "split by file",
    text: "The paper's split: files are assigned to train, validation, test and holdout one by one, so a recording's raw upload and its cleaned copy (and an installation's other cries) can land on both sides."
  },
  {
    id: "grouped-split",
    term: "grouped split",
    text: "The split the report adds: whole installation groups go to one side, so nothing the model trained on reappears in its test."
  },
  {
    id: "leakage",
    term: "leakage",
    text: "Information from the test set reaching training. Here: the same recording (or the same baby and phone) in both, so a model can score by recognising the recording rather than the cry's cause."
  },
  {
    id: "audioset",
    term: "AudioSet",
    text: 'Google\'s collection of labelled clips of everyday sounds (521 classes, among them "Baby cry, infant cry"). YAMNet was trained on it, so it scores every clip for each class.'
  },
  {
    id: "pca",
    term: "PCA",
    text: "Principal component analysis: rotates the embeddings onto their directions of greatest variance and keeps the first few. The paper keeps enough to explain 95% of the variance; the maps here show the first two."
  },
  {
    id: "chance",
    term: "chance",
    text: "What a model that knows nothing scores. For balanced accuracy it is one over the number of classes: 0.333 with three classes, 0.5 with two."
  },
  {id: "recall", term: "recall", text: "The share of the recordings of a class that the model assigns to that class."},
  {
    id: "cry-check",
    term: "cry check",
    text: "The classifier page's first step: it asks whether a recording sounds like crying at all, and gives no class when it does not."
  },
  {id: "false-acceptance", term: "false acceptance", text: "The share of sounds that are not cries which the cry check lets through."},
  {
    id: "null",
    term: "permutation null",
    text: "The same analysis run again many times with the labels shuffled, so that they carry no information. What it scores then is what the method gets for free; a real result has to beat it."
  },
  {
    id: "holdout",
    term: "holdout",
    text: "The part of the data kept aside until the end and scored once. The paper's numbers are holdout numbers; so are the audit's."
  },
  {
    id: "majority",
    term: "majority baseline",
    text: "The accuracy of always answering the most common class. A model's accuracy means little until it is compared with it."
  },
  {
    id: "balanced-accuracy",
    term: "balanced accuracy",
    text: "The mean of the per-class recalls: 1 / (number of classes) for a model that knows nothing, whatever the class mix."
  },
  {id: "macro-f1", term: "macro-F1", text: "The unweighted mean over classes of F1, the harmonic mean of precision and recall."},
  {
    id: "auc",
    term: "AUC",
    text: "Area under the ROC curve: the chance that a random recording of a class gets a higher score for it than a random recording of another class (0.5 is chance)."
  },
  {
    id: "ece",
    term: "ECE",
    text: "Expected calibration error: how far a model's stated confidence is from how often it is right, averaged over confidence bins."
  },
  {
    id: "mixup",
    term: "mixup",
    text: "A training trick: pairs of examples and their labels are blended with a random weight, so the network learns on mixtures."
  },
  {
    id: "gaps",
    term: "the two gaps",
    text: "The paper's train − holdout and cross-validation − holdout accuracy differences, read as evidence of over-fitting and of leakage."
  },
  {
    id: "bootstrap",
    term: "bootstrap interval",
    text: "Resampling the independent units with replacement many times and recomputing the number: the middle 95% of the results is its interval."
  },
  {
    id: "standardised",
    term: "standardised to the paper's class mix",
    text: "A metric re-weighted as if the holdout had the paper's share of each class, so that numbers from samples with different class mixes can be compared."
  },
  {
    id: "margin",
    term: "equivalence margin",
    text: 'The largest difference between two results still counted as the same. A result is "consistent" only when the whole difference interval lies inside ± the margin.'
  },
  {
    id: "holm",
    term: "Holm adjustment",
    text: "A correction for testing many claims at once: the p-values are compared with stepwise stricter thresholds, so that the chance of any false verdict in the family stays at the stated level."
  },
  {id: "refits", term: "refit seeds", text: "The same model trained again with other random seeds; the spread of its scores is part of its uncertainty."},
  {
    id: "multiverse",
    term: "specification curve (multiverse)",
    text: "Every combination of the analysis's reasonable choices run at once, sorted by result, to see which choices drive the answer."
  },
  {
    id: "clopper-pearson",
    term: "Clopper–Pearson interval",
    text: "An exact interval for a proportion from a count: even 0 of 60 gets an upper bound above zero."
  }
];

const byId = new Map(GLOSSARY.map((g) => [g.id, g]));

/** A link from a term's first use on a page to its definition on /study. */
export function term(id, label) {
  const g = byId.get(id);
  if (!g) throw new Error(`glossary: no term ${id}`);
  return html`<a class="term" href="./study#term-${id}" title=${g.text}>${label ?? g.term}</a>`;
}
