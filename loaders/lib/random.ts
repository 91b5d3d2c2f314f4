/** A seeded generator: each call draws one number in [0, 1). */
export interface Random {
  (): number;
  /**
   * Draws `out.length` numbers into `out`, in order: the same numbers as that many calls, and the
   * generator is where those calls would have left it. For a hot loop that needs many draws at once
   * (the neural head's dropout masks and input noise), without a call per number.
   */
  fill<T extends Float64Array>(out: T): T;
}

/**
 * A small seeded generator (mulberry32) so every random step of the pipeline is reproducible. The
 * state is kept as a signed 32-bit integer — the same bits as mulberry32's unsigned state, and the
 * same draws (every operation on it reads it as 32 bits) — because V8 keeps a signed one unboxed
 * in the closure, where an unsigned one of 2³¹ or more was a heap number allocated at every draw.
 */
export function rng(seed: number): Random {
  let a = seed | 0;
  const next = (() => {
    a = advance(a);
    return draw(a);
  }) as Random;
  next.fill = (out) => {
    a = fillDraws(a, out);
    return out;
  };
  return next;
}

/** mulberry32's state step (Weyl sequence), kept signed. */
const advance = (a: number) => (a + 0x6d2b79f5) | 0;

/** mulberry32's output for a state: its bits mixed, as a number in [0, 1). */
function draw(a: number): number {
  let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** The generator's draws from state `state` into every element of `out`; returns the state after the last. */
function fillDraws(state: number, out: Float64Array): number {
  let a = state | 0;
  for (let i = 0; i < out.length; i++) {
    a = advance(a);
    out[i] = draw(a);
  }
  return a;
}

export function shuffleInPlace<T>(a: T[], random: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
