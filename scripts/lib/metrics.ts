/**
 * Threshold-free and thresholded figures for a binary scorer. Labels are 1 (positive: negative
 * sentiment / complaint) or 0; a higher score means "more likely positive".
 */

/** Area under the ROC curve (Mann–Whitney U, ties counted half). NaN when a class is missing. */
export function auc(scores: readonly number[], labels: readonly number[]): number {
  if (scores.length !== labels.length) throw new Error('auc: scores and labels differ in length');
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  let positives = 0;
  let rankSumPositives = 0;
  let k = 0;
  while (k < order.length) {
    // A run of tied scores shares the average of its ranks (1-based).
    let end = k + 1;
    const value = scores[order[k] ?? 0];
    while (end < order.length && scores[order[end] ?? 0] === value) end++;
    const averageRank = (k + 1 + end) / 2;
    for (let j = k; j < end; j++) {
      if (labels[order[j] ?? 0] === 1) {
        positives++;
        rankSumPositives += averageRank;
      }
    }
    k = end;
  }
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface Confusion {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

/** Counts at a threshold: a score at or above it is predicted positive. */
export function confusionAt(
  scores: readonly number[],
  labels: readonly number[],
  threshold: number,
): Confusion {
  const c: Confusion = { truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 };
  scores.forEach((score, i) => {
    const predicted = score >= threshold;
    const actual = labels[i] === 1;
    if (predicted && actual) c.truePositives++;
    else if (predicted) c.falsePositives++;
    else if (actual) c.falseNegatives++;
    else c.trueNegatives++;
  });
  return c;
}

/** Share of predicted positives that are positive; NaN when nothing is predicted positive. */
export function precision(c: Confusion): number {
  const predicted = c.truePositives + c.falsePositives;
  return predicted === 0 ? Number.NaN : c.truePositives / predicted;
}

/** Share of positives that are predicted positive; NaN when there are no positives. */
export function recall(c: Confusion): number {
  const actual = c.truePositives + c.falseNegatives;
  return actual === 0 ? Number.NaN : c.truePositives / actual;
}

/** F-beta at a confusion (beta > 1 favours recall). 0 when precision and recall are both 0 or NaN. */
export function fBeta(c: Confusion, beta = 1): number {
  const p = precision(c);
  const r = recall(c);
  if (!(p > 0) || !(r > 0)) return 0;
  const b2 = beta * beta;
  return ((1 + b2) * p * r) / (b2 * p + r);
}

/** Threshold (one of the scores) maximising F-beta; ties go to the higher threshold. */
export function bestThreshold(scores: readonly number[], labels: readonly number[], beta = 1): number {
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const totalPositives = labels.filter((l) => l === 1).length;
  let tp = 0;
  let fp = 0;
  let best = -1;
  let bestThresholdValue = 0.5;
  for (let k = 0; k < order.length; k++) {
    const idx = order[k] ?? 0;
    if (labels[idx] === 1) tp++;
    else fp++;
    const score = scores[idx] ?? 0;
    if (k + 1 < order.length && scores[order[k + 1] ?? 0] === score) continue;
    const f = fBeta(
      { truePositives: tp, falsePositives: fp, falseNegatives: totalPositives - tp, trueNegatives: 0 },
      beta,
    );
    if (f > best) {
      best = f;
      bestThresholdValue = score;
    }
  }
  return bestThresholdValue;
}
