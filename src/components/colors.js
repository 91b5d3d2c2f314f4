// One colour scale per categorical variable, shared by every chart of the report.
export const CLASSES = ["Pain", "Hunger", "Neurological"];
export const classColor = {domain: [...CLASSES, "unlabelled"], range: ["#e15759", "#4e79a7", "#59a14f", "#bab0ac"]};
export const SOURCES = ["android-upload", "ios-upload", "cleaned"];
export const sourceColor = {domain: SOURCES, range: ["#76b7b2", "#f28e2b", "#b07aa1"]};
export const REASON_ORDER = ["hu", "dk", "ti", "dc", "bp", "lo", "bu", "sc", "ch"];
