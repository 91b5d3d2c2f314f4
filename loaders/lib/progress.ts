/** Progress of long work on stderr: done / total, rate and ETA, at most a few lines a second. */
export class Progress {
  private done = 0;
  private readonly t0 = Date.now();
  private last = 0;
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly out: NodeJS.WritableStream = process.stderr
  ) {}

  tick(n = 1): void {
    this.done += n;
    const now = Date.now();
    if (now - this.last < 1000 && this.done < this.total) return;
    this.last = now;
    const secs = (now - this.t0) / 1000;
    const rate = this.done / Math.max(secs, 1e-3);
    const eta = rate > 0 ? (this.total - this.done) / rate : 0;
    this.out.write(`${this.label}: ${this.done}/${this.total} (${rate.toFixed(1)}/s, ETA ${eta.toFixed(0)} s)\n`);
  }
}

/** Run `fn` over items with bounded concurrency, keeping result order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
  return out;
}
