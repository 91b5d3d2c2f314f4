import assert from "node:assert/strict";
import {test} from "node:test";
import {FileNameError, parseCorpusPath, parseCryName} from "../../loaders/corpus/filename.ts";

test("iOS names stamp seconds", () => {
  const n = parseCryName("0D1AD73E-4C5E-45F3-85C4-9A3CB71E8856-1430742197-1.0-m-04-hu.caf");
  assert.equal(n.appInstance, "0d1ad73e-4c5e-45f3-85c4-9a3cb71e8856");
  assert.equal(n.timeUnit, "s");
  assert.equal(n.recordedAt, "2015-05-04T12:23:17.000Z"); // the corpus README's own example
  assert.deepEqual([n.appVersion, n.gender, n.age, n.reason, n.extension, n.anomaly], ["1.0", "m", "04", "hu", "caf", ""]);
});

test("Android names stamp milliseconds", () => {
  const n = parseCryName("0c8f14a9-6999-485b-97a2-913c1cbf099c-1431028888092-1.7-m-26-sc.3gp");
  assert.equal(n.timeUnit, "ms");
  assert.equal(n.recordedAt, "2015-05-07T20:01:28.092Z");
  assert.equal(n.reason, "sc");
});

test("the two odd iOS names parse and are flagged", () => {
  const n = parseCryName("CF7F6316-019B-4B3C-9EE1-A62EB5F1D0EE-1426957748.47029-1-0911C8F7-99D0-4A44-BC34-894BA5D83032-f-26-ti.caf.caf");
  assert.equal(n.reason, "ti");
  assert.equal(n.extension, "caf");
  assert.match(n.anomaly, /extra uuid/);
});

test("a name outside the pattern is an error that names the file", () => {
  assert.throws(
    () => parseCryName("my-baby.wav"),
    (e: unknown) => e instanceof FileNameError && /my-baby\.wav/.test((e as Error).message)
  );
});

test("corpus paths: buckets and cleaned folders", () => {
  assert.deepEqual(parseCorpusPath("donateacry-ios-upload-bucket/x.caf"), {source: "ios-upload", cleanedFolder: "", fileName: "x.caf"});
  assert.deepEqual(parseCorpusPath("donateacry_corpus_cleaned_and_updated_data/tired/x.wav"), {source: "cleaned", cleanedFolder: "tired", fileName: "x.wav"});
  assert.equal(parseCorpusPath("elsewhere/x.wav"), null);
});
