/**
 * The precision a plan row is stated in. A plan that writes `≥84.53` and a baseline of `81.5`
 * measures the indicator to two decimals; its values are compared and shown at that precision.
 */
import type { PlanRow } from '../plans/schema';
import { roundTo } from './status';

const DECIMALS = /\d+\.(\d+)/g;

/** The most decimals written in any of the texts (0 when none has a decimal point). */
export function decimalsIn(texts: readonly (string | null | undefined)[]): number {
  let most = 0;
  for (const t of texts) {
    if (!t) continue;
    for (const m of t.normalize('NFKC').matchAll(DECIMALS)) most = Math.max(most, m[1]?.length ?? 0);
  }
  return most;
}

/** Decimals a row states its numbers in: its baseline, targets, earlier values and review actual. */
export function statedDecimals(row: Pick<PlanRow, 'baseline' | 'targets' | 'history' | 'actual'>): number {
  return decimalsIn([
    row.baseline?.raw,
    ...row.targets.map((t) => t.raw),
    ...(row.history ?? []).map((h) => h.raw),
    row.actual?.raw,
  ]);
}

/** A value as shown: rounded to the row's decimals, without trailing zeros (4.4999 → 4.5). */
export function formatValue(n: number | null | undefined, decimals: number): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return String(roundTo(n, decimals));
}
