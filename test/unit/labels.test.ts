import assert from "node:assert/strict";
import {test} from "node:test";
import {documentedLabel, paperKeywordLabel, repackagedPath, REPACKAGED_FOLDER, REPACKAGED_ROOT} from "../../loaders/corpus/labels.ts";

const label = (p: string) => paperKeywordLabel(p).label;

test("paper labeller: folder keywords as docs/method.md §1 maps them", () => {
  assert.equal(label("Baby crying/hungry/a.wav"), "Hunger");
  assert.equal(label("Baby crying/discomfort/a.wav"), "Neurological");
  assert.equal(label("Baby crying/lonely/a.wav"), "Neurological");
  assert.equal(label("Baby crying/scared/a.wav"), "Neurological");
  assert.equal(label("Baby crying/cold_hot/a.wav"), "Neurological");
  assert.equal(label("Baby crying/tired/a.wav"), "Pain");
  assert.equal(label("Baby crying/burping/a.wav"), "Pain");
  assert.equal(label("Baby crying/belly_pain/a.wav"), "Pain");
});

test("paper labeller keeps its bugs: substring matches, first rule wins", () => {
  // "hot" inside "photos" fires rule 1 before "hungry" can fire rule 2.
  assert.deepEqual(paperKeywordLabel("photos/hungry/a.wav"), {label: "Neurological", rule: "1: hot"});
  // "tire" inside "entire".
  assert.equal(label("entire_set/x.wav"), "Pain");
  // Case-insensitive on the whole path.
  assert.equal(label("DATA/HUNGRY/X.WAV"), "Hunger");
});

test("paper labeller: rule 4 needs a whole path part equal to a code", () => {
  assert.deepEqual(paperKeywordLabel("set/hu/a.wav"), {label: "Hunger", rule: "4: hu"});
  assert.equal(label("set/ti/a.wav"), "Pain");
  assert.equal(label("set/di/a.wav"), "Neurological");
  // A code inside a file name is not a path part: donate-a-cry raw uploads stay unlabelled.
  assert.deepEqual(paperKeywordLabel("donateacry-corpus/donateacry-android-upload-bucket/0c8f14a9-6999-485b-97a2-913c1cbf099c-1431028888092-1.7-m-26-hu.3gp"), {
    label: "unlabelled",
    rule: "6: no rule"
  });
});

test("documented labeller applies the paper's code table to the file-name code", () => {
  assert.equal(documentedLabel("hu"), "Hunger");
  for (const c of ["bp", "bu", "ch", "lo", "ti", "sc"]) assert.equal(documentedLabel(c), "Pain");
  assert.equal(documentedLabel("dc"), "unlabelled");
  assert.equal(documentedLabel("dk"), "unlabelled");
});

test("labelling as re-packaged: the paper's labeller on the re-packaging's folder path", () => {
  const label = (source: string, cleanedFolder: string, reason: string) => {
    const p = repackagedPath({source, cleanedFolder, reason, fileName: `0c8f14a9-6999-485b-97a2-913c1cbf099c-1431028888092-1.7-m-26-${reason}.3gp`});
    return p ? paperKeywordLabel(p).label : "no folder";
  };
  assert.equal(paperKeywordLabel(`${REPACKAGED_ROOT}/x.wav`).label, "unlabelled", "the prefix alone must carry no keyword");
  assert.equal(label("android-upload", "", "hu"), "Hunger");
  for (const c of ["bp", "bu", "ti"]) assert.equal(label("ios-upload", "", c), "Pain", c);
  for (const c of ["dc", "lo", "sc", "ch"]) assert.equal(label("android-upload", "", c), "Neurological", c);
  assert.equal(label("android-upload", "", "dk"), "no folder");
  // A cleaned file keeps its real folder, whatever code its name carries.
  assert.equal(label("cleaned", "discomfort", "hu"), "Neurological");
  assert.equal(label("cleaned", "tired", "ti"), "Pain");
  assert.deepEqual(Object.keys(REPACKAGED_FOLDER).sort(), ["bp", "bu", "ch", "dc", "hu", "lo", "sc", "ti"]);
});
