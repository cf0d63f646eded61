/**
 * Count series for detection, built from the database as of a date: weekly case counts per
 * residence unit and disease (7-day blocks ending on the date, so the current "week" is the last
 * seven days), daily case counts for single-case diseases, and daily syndromic counts per site.
 */
import { type CountSeries, dayIso, isoDay } from '@weijian/core';
import type { Db } from '../../db/connection';
import { currentCode, type DiseaseVersion } from './diseases';
import { caseCounts, syndromicCounts } from './repository/series';

/** Identifies a series, stored with each signal so its chart can be redrawn. */
export type { SeriesKey } from '@weijian/core';

/** `n` dates `step` days apart ending on `date`, oldest first (weekly blocks: step 7). */
function datesEnding(date: string, n: number, step: 1 | 7): string[] {
  const end = isoDay(date);
  return Array.from({ length: n }, (_, i) => dayIso(end - step * (n - 1 - i)));
}

/**
 * Case series of the units in scope (by residence), keyed by unit and current disease code;
 * `only` narrows the query to one unit and disease (with the codes merged into it) for one chart.
 */
export async function caseSeries(
  db: Db,
  scope: string,
  date: string,
  versions: readonly DiseaseVersion[],
  only?: { unit: string; disease: string },
  years = 5
): Promise<Map<string, { unit: string; disease: string; weekly: CountSeries; daily: CountSeries }>> {
  const weeks = years * 52 + 4;
  const first = dayIso(isoDay(date) - 7 * weeks + 1);
  const rows = await caseCounts(db, {
    scope,
    first,
    last: date,
    ...(only
      ? {
          only: {
            unit: only.unit,
            diseases: [
              ...new Set(
                versions.map((v) => v.code).filter((c) => currentCode(versions, c) === only.disease)
              ),
              only.disease,
            ],
          },
        }
      : {}),
  });
  const wDates = datesEnding(date, weeks, 7);
  const dDates = datesEnding(date, 28, 1);
  const end = isoDay(date);
  const out = new Map<string, { unit: string; disease: string; weekly: CountSeries; daily: CountSeries }>();
  for (const r of rows) {
    const disease = currentCode(versions, r.disease);
    const key = `${r.unit}|${disease}`;
    let s = out.get(key);
    if (!s) {
      s = {
        unit: r.unit,
        disease,
        weekly: { dates: wDates, observed: new Array<number>(weeks).fill(0), freq: 52 },
        daily: { dates: dDates, observed: new Array<number>(28).fill(0), freq: 365 },
      };
      out.set(key, s);
    }
    const back = end - isoDay(r.day);
    const w = weeks - 1 - Math.floor(back / 7);
    (s.weekly.observed as number[])[w] = (s.weekly.observed[w] ?? 0) + r.n;
    if (back < 28) (s.daily.observed as number[])[27 - back] = (s.daily.observed[27 - back] ?? 0) + r.n;
  }
  // History starts at the first week with a case: weeks before a unit's data reached the platform
  // are unknown, not zero, and counting them would pick methods the series cannot support.
  for (const s of out.values()) {
    const first = s.weekly.observed.findIndex((v) => v > 0);
    const from = Math.min(Math.max(0, first), weeks - 2);
    s.weekly = { ...s.weekly, dates: s.weekly.dates.slice(from), observed: s.weekly.observed.slice(from) };
  }
  return out;
}

/** Daily syndromic series of the sites in scope that reported in the last 28 days (`only`: one of them). */
export async function syndromicSeries(
  db: Db,
  scope: string,
  date: string,
  only?: { site: string; syndrome: string },
  years = 5
): Promise<Map<string, { site: string; parent: string; syndrome: string; series: CountSeries }>> {
  const first = dayIso(isoDay(date) - years * 364 - 14);
  const rows = await syndromicCounts(db, { scope, first, last: date, ...(only ? { only } : {}) });
  const bySeries = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.site}|${r.syndrome}`;
    const list = bySeries.get(key);
    if (list) list.push(r);
    else bySeries.set(key, [r]);
  }
  const end = isoDay(date);
  const out = new Map<string, { site: string; parent: string; syndrome: string; series: CountSeries }>();
  for (const [key, list] of bySeries) {
    const start = Math.min(...list.map((r) => isoDay(r.day)));
    if (end - Math.max(...list.map((r) => isoDay(r.day))) > 28) continue;
    const days = end - start + 1;
    const observed = new Array<number>(days).fill(0);
    for (const r of list) observed[isoDay(r.day) - start] = r.count;
    const first = list[0];
    if (!first) continue;
    out.set(key, {
      site: first.site,
      parent: first.parent ?? first.site,
      syndrome: first.syndrome,
      series: { dates: datesEnding(date, days, 1), observed, freq: 365 },
    });
  }
  return out;
}
