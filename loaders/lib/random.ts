/**
 * A small seeded generator (mulberry32) so every random step of the pipeline is reproducible. The
 * state is kept as a signed 32-bit integer — the same bits as mulberry32's unsigned state, and the
 * same draws (every operation on it reads it as 32 bits) — because V8 keeps a signed one unboxed
 * in the closure, where an unsigned one of 2³¹ or more was a heap number allocated at every draw.
 */
export function rng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(a: T[], random: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
