/** Soft voting (sklearn's VotingClassifier(voting="soft")): the mean of the members' probabilities. */
import {argmax, type Classifier} from "./estimator.ts";
import type {Matrix} from "./matrix.ts";

export class SoftVoting implements Classifier {
  readonly params: {members: string[]};
  constructor(
    readonly members: Classifier[],
    names = members.map((m) => m.constructor.name)
  ) {
    if (!members.length) throw new Error("SoftVoting: no members");
    this.params = {members: names};
  }

  /** Fits every member on the same data (the paper refits its four tuned models). */
  fit(X: Matrix, y: ArrayLike<number>): this {
    for (const m of this.members) m.fit(X, y);
    return this;
  }

  predictProba(X: Matrix): Float64Array[] {
    const all = this.members.map((m) => m.predictProba(X));
    const k = Math.max(...all.map((p) => p[0]?.length ?? 0));
    return Array.from({length: X.rows}, (_, i) => {
      const out = new Float64Array(k);
      for (const p of all) for (let c = 0; c < p[i].length; c++) out[c] += p[i][c] / all.length;
      return out;
    });
  }

  predict(X: Matrix): number[] {
    return this.predictProba(X).map(argmax);
  }

  toJSON() {
    return {name: "SoftVoting", params: this.params, members: this.members.map((m) => m.toJSON())};
  }
}
