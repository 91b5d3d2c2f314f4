/**
 * The inner loops of histogram gradient boosting as WebAssembly functions (plain WebAssembly, no
 * SIMD): building a node's histograms, the parent − sibling subtraction, and the split scan over
 * every bin of every feature. V8 compiles the same loops in JavaScript to code that checks every
 * typed-array index and re-reads the arrays' bases; here they are plain loads and stores — measured
 * 2.6× faster on the histogram build alone. Their source is kernels/histogram.wat (each function's
 * contract is there), assembled into kernels/histogram.wasm by `npm run kernels`
 * (tools/assemble-kernels.ts) like the dense-product kernels.
 *
 * A histogram: for each feature, 256 bins of (sum of residuals, count of rows) as two float64s,
 * 4 KB a feature (in the L1 cache while its rows are added); the features one after another.
 * `Histograms` keeps the binned data, the residuals and the histograms in the module's memory.
 */
import {compiledOnce, growTo} from "../lib/wasm-module.ts";

// A bin's and a feature's bytes, as kernels/histogram.wat lays them out (shifts by 4 and 12).
const BIN_BYTES = 16,
  FEATURE_BYTES = 256 * BIN_BYTES;

/** The module's functions (byte addresses), as kernels/histogram.wat defines them. */
type Exports = {
  hist: (bins: number, n: number, cols: number, r: number, rows: number, m: number, h: number) => void;
  hist3: (bins: number, n: number, cols: number, r0: number, r1: number, r2: number, h0: number, h1: number, h2: number) => void;
  subtract: (h: number, s: number, count: number) => void;
  scan: (h: number, cols: number, nbins: number, m: number, total: number, minLeaf: number, out: number) => void;
};
const instantiate = compiledOnce(new URL("./kernels/histogram.wasm", import.meta.url));

/** The best split a scan found: feature −1 when none gains. */
export type Split = {feature: number; bin: number; left: number};

/**
 * The binned data (feature-major: a feature's bins of every row in a run), the residuals and a
 * pool of histograms in one WebAssembly memory. Histograms are handed out as byte offsets; the
 * JavaScript side never keeps a view of the memory across a call that may grow it.
 */
export class Histograms {
  private readonly memory = new WebAssembly.Memory({initial: 1});
  private readonly k: Exports;
  private readonly at: {bins: number; nbins: number; out: number; rows: number; residuals: number; histograms: number};
  private readonly histogramBytes: number;
  private readonly free: number[] = [];
  private made = 0;

  /**
   * `colBins`: feature j's bin of row i at j·n + i; `nbins`: bins used by each feature; `residualVectors`:
   * how many residual vectors a stage has (its trees); `histograms`: how many to reserve at once.
   */
  constructor(
    colBins: Uint8Array,
    private readonly n: number,
    private readonly cols: number,
    nbins: Int32Array,
    private readonly residualVectors: number,
    histograms: number
  ) {
    const exports = instantiate(this.memory);
    if (!exports) throw new Error("Histograms: this engine cannot compile the histogram kernels (WebAssembly)");
    this.k = exports as unknown as Exports;
    const align = (v: number) => 16 * Math.ceil(v / 16);
    const bins = 0,
      nbinsAt = align(n * cols),
      out = align(nbinsAt + 4 * cols),
      rows = out + 32,
      residuals = align(rows + 4 * n);
    this.at = {bins, nbins: nbinsAt, out, rows, residuals, histograms: align(residuals + 8 * n * residualVectors)};
    this.histogramBytes = cols * FEATURE_BYTES;
    growTo(this.memory, this.at.histograms + histograms * this.histogramBytes);
    new Uint8Array(this.memory.buffer).set(colBins, bins);
    new Int32Array(this.memory.buffer, nbinsAt, cols).set(nbins);
  }

  /** A zeroed histogram (from the pool, or made). */
  private take(): number {
    const h = this.free.pop() ?? this.at.histograms + this.made++ * this.histogramBytes;
    growTo(this.memory, h + this.histogramBytes);
    new Float64Array(this.memory.buffer, h, this.histogramBytes / 8).fill(0);
    return h;
  }

  /** Gives a histogram back to the pool. */
  release(h: number): void {
    this.free.push(h);
  }

  /** A stage's residual vectors (one per tree), copied in for the histograms to read. */
  setResiduals(residuals: Float64Array[]): void {
    residuals.forEach((r, t) => new Float64Array(this.memory.buffer, this.at.residuals + 8 * this.n * t, this.n).set(r));
  }

  private residualAt(t: number): number {
    return this.at.residuals + 8 * this.n * t;
  }

  /** The root histogram of each residual vector over `all` (every row, in order); three in one pass. */
  roots(all: Int32Array): number[] {
    const {at, n, cols} = this;
    if (this.residualVectors === 3) {
      const hs = [this.take(), this.take(), this.take()];
      this.k.hist3(at.bins, n, cols, this.residualAt(0), this.residualAt(1), this.residualAt(2), hs[0], hs[1], hs[2]);
      return hs;
    }
    return Array.from({length: this.residualVectors}, (_, t) => this.build(t, all));
  }

  /** The histogram of residual vector t over `rows`. */
  build(t: number, rows: Int32Array): number {
    const h = this.take();
    new Int32Array(this.memory.buffer, this.at.rows, rows.length).set(rows);
    this.k.hist(this.at.bins, this.n, this.cols, this.residualAt(t), this.at.rows, rows.length, h);
    return h;
  }

  /** h −= s. */
  subtract(h: number, s: number): void {
    this.k.subtract(h, s, this.histogramBytes / 8);
  }

  /** The best split of a node of m rows with residual sum `total` (children of at least minLeaf rows). */
  bestSplit(h: number, m: number, total: number, minLeaf: number): Split {
    const {out} = this.at;
    this.k.scan(h, this.cols, this.at.nbins, m, total, minLeaf, out);
    const ints = new Int32Array(this.memory.buffer, out + 24, 2);
    return {feature: ints[0], bin: ints[1], left: new Float64Array(this.memory.buffer, out + 16, 1)[0]};
  }
}
