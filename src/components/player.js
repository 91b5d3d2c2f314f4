// Plays a corpus recording from the site's own MP3 copies (built by src/data/listen.tar.ts): the
// copies sit in shards, and a shard is fetched the first time one of its recordings is played.
import {FileAttachment} from "observablehq:stdlib";
import {html} from "npm:htl";

// Literal names, so that Framework copies every shard into the site.
const SHARDS = [
  FileAttachment("../data/listen/shard-00.bin"),
  FileAttachment("../data/listen/shard-01.bin"),
  FileAttachment("../data/listen/shard-02.bin"),
  FileAttachment("../data/listen/shard-03.bin"),
  FileAttachment("../data/listen/shard-04.bin"),
  FileAttachment("../data/listen/shard-05.bin"),
  FileAttachment("../data/listen/shard-06.bin"),
  FileAttachment("../data/listen/shard-07.bin"),
  FileAttachment("../data/listen/shard-08.bin"),
  FileAttachment("../data/listen/shard-09.bin"),
  FileAttachment("../data/listen/shard-10.bin"),
  FileAttachment("../data/listen/shard-11.bin"),
  FileAttachment("../data/listen/shard-12.bin"),
  FileAttachment("../data/listen/shard-13.bin"),
  FileAttachment("../data/listen/shard-14.bin"),
  FileAttachment("../data/listen/shard-15.bin")
];
const INDEX = FileAttachment("../data/listen/index.json");

let index = null;
const shards = new Map();
/** The copies' index: where each file's MP3 is, the settings, the corpus licence. */
export const listenIndex = () => (index ??= INDEX.json().then((x) => ({...x, byPath: new Map(x.files.map((f) => [f.path, f]))})));
const shard = (k) => {
  if (!shards.has(k)) shards.set(k, SHARDS[k].arrayBuffer());
  return shards.get(k);
};

/**
 * A player: an <audio> element, what is playing (the lines the caller passes: labels, installation,
 * a model's probabilities) and the corpus attribution. `el.play(path, lines)` plays one file.
 */
export function player(prompt = "Click a point to hear the recording.") {
  const audio = html`<audio controls preload="none" style="width: 100%; max-width: 420px">`;
  const now = html`<div class="now">${prompt}</div>`;
  const credit = html`<div class="muted small"></div>`;
  const el = html`<div class="player card">${audio}${now}${credit}</div>`;
  listenIndex().then(
    (x) =>
      (credit.textContent = `Audio: ${x.attribution}, ${x.licence}; played from MP3 copies (${x.settings.rate / 1000} kHz, ${x.settings.bitrate}bit/s) made by this build.`)
  );
  let url = null;
  el.play = async (path, lines = []) => {
    const x = await listenIndex();
    const f = x.byPath.get(path);
    el.dataset.path = path;
    if (!f) {
      el.dataset.state = "missing";
      now.replaceChildren(
        html`<strong>${path.split("/").pop()}</strong>: no copy to play (${x.missing.find((m) => m.path === path)?.error ?? "not in the corpus manifest"}).`
      );
      return;
    }
    el.dataset.state = "loading";
    now.replaceChildren(html`<strong>${path.split("/").pop()}</strong> — loading…`);
    const bytes = (await shard(f.shard)).slice(f.offset, f.offset + f.length);
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(new Blob([bytes], {type: "audio/mpeg"}));
    audio.src = url;
    now.replaceChildren(html`<strong>${path.split("/").pop()}</strong>`, ...lines.map((l) => html`<div>${l}</div>`));
    try {
      await audio.play();
      el.dataset.state = "playing";
    } catch (e) {
      // A browser may refuse to start sound without a gesture: the controls still play it.
      el.dataset.state = `ready (${e.name})`;
    }
  };
  return el;
}

/** Makes a Plot chart play the dot under the pointer on click; `describe(d)` gives the lines shown. */
export function clickToPlay(chart, el, describe) {
  chart.style.cursor = "pointer";
  chart.addEventListener("click", () => {
    const d = chart.value;
    if (d) el.play(d.path, describe(d));
  });
  return chart;
}
