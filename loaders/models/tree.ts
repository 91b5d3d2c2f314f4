/**
 * A CART decision tree stored in flat arrays, grown by the caller's split rule. Shared by the
 * random forest (Gini on class counts) and gradient boosting (squared error on residuals).
 */
export interface TreeState {
  feature: number[]; // −1 at a leaf
  threshold: number[]; // go left when x[feature] <= threshold
  left: number[];
  right: number[];
  /** Leaf values, `width` per node (class proportions, or one boosting value). */
  value: number[];
  width: number;
}

export function emptyTree(width: number): TreeState {
  return {feature: [], threshold: [], left: [], right: [], value: [], width};
}

export function addNode(t: TreeState, value: ArrayLike<number>): number {
  t.feature.push(-1);
  t.threshold.push(0);
  t.left.push(-1);
  t.right.push(-1);
  for (let i = 0; i < t.width; i++) t.value.push(value[i] ?? 0);
  return t.feature.length - 1;
}

/** Index of the leaf a row (data[offset … offset+cols)) falls into. */
export function leafOf(t: TreeState, data: Float64Array, offset: number): number {
  let node = 0;
  while (t.feature[node] >= 0) node = data[offset + t.feature[node]] <= t.threshold[node] ? t.left[node] : t.right[node];
  return node;
}
