/**
 * Outlier flags by the modified z-score (Iglewicz and Hoaglin): 0.6745 × (x − median) / MAD
 * against the unit's own history; |score| > 3.5 is flagged for review. Robust to the skewed,
 * seasonal counts that make mean ± k·SD rules cry wolf.
 */
export interface OutlierCheck {
  score: number | null;
  median: number | null;
  mad: number | null;
  outlier: boolean;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Score a value against its history (at least 6 earlier values needed).
 * @param threshold - flag when |score| exceeds it; default 3.5
 */
export function modifiedZScore(value: number, history: readonly number[], threshold = 3.5): OutlierCheck {
  if (history.length < 6) return { score: null, median: null, mad: null, outlier: false };
  const med = median(history);
  const mad = median(history.map((x) => Math.abs(x - med)));
  if (mad === 0) {
    // A flat history: any departure is notable, none is not.
    return { score: value === med ? 0 : Infinity, median: med, mad, outlier: value !== med };
  }
  const score = (0.6745 * (value - med)) / mad;
  return { score, median: med, mad, outlier: Math.abs(score) > threshold };
}
