/**
 * Outlier review: each value of a unit in the chosen periods against that unit's own earlier
 * values of the same element (modified z-score, robust to skew and seasonality).
 */
import { modifiedZScore, nativePeriods, parsePeriod, type Catalogue, type OutlierFlag } from '@weijian/core';
import type { Db } from '../../db/connection';
import { monthlySeries } from './repository/values';

export type { OutlierFlag } from '@weijian/core';

/** Flag values within a scope and period whose score exceeds the threshold. */
export async function findOutliers(
  db: Db,
  catalogue: Catalogue,
  scope: string,
  periodId: string,
  threshold = 3.5
): Promise<OutlierFlag[]> {
  const period = parsePeriod(periodId);
  const monthly = catalogue.dataElements.filter((d) => d.periodType === 'month').map((d) => d.code);
  const wanted = nativePeriods(period, 'month');
  // Up to three years of history before the first period checked.
  const from = `${period.startYear - 3}01`;
  const rows = await monthlySeries(db, { scope, elements: monthly, from, to: wanted.at(-1) ?? from });
  const series = new Map<string, { period: string; value: number }[]>();
  for (const r of rows) {
    const key = `${r.element}\u0000${r.orgUnit}`;
    const list = series.get(key) ?? [];
    list.push({ period: r.period, value: r.value });
    series.set(key, list);
  }
  const flags: OutlierFlag[] = [];
  for (const [key, points] of series) {
    const [element = '', orgUnit = ''] = key.split('\u0000');
    for (const p of points.filter((x) => wanted.includes(x.period))) {
      const history = points.filter((x) => x.period < p.period).map((x) => x.value);
      const check = modifiedZScore(p.value, history, threshold);
      if (check.outlier && check.score !== null && check.median !== null) {
        flags.push({
          element,
          orgUnit,
          period: p.period,
          value: p.value,
          median: check.median,
          score: Number.isFinite(check.score) ? Number(check.score.toFixed(2)) : 999,
        });
      }
    }
  }
  return flags.sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
}
