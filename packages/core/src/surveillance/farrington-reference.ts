/**
 * Which past points Farrington's methods compare against: the same time of year in each of the
 * `b` previous years (by date, snapped to the same weekday for weekly data, as R does), ±w around
 * it, and — with `noPeriods` > 1 — every point in between, cut into seasonal blocks.
 */
import { DAY_MS, isoDay, type CountSeries } from './types';

/** The date one or more calendar years before, normalising 29 February to 1 March like R. */
function yearsBack(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  return Math.round(Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth(), d.getUTCDate()) / DAY_MS);
}

function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * Positions of the current point and the same point 1…b years back (descending), or null when a
 * reference date falls outside the series.
 */
export function referencePositions(series: CountSeries, t: number, b: number): number[] | null {
  const first = isoDay(series.dates[0] ?? '');
  const step = series.freq === 52 ? 7 : 1;
  const today = first + step * t;
  const out = [t];
  for (let j = 1; j <= b; j++) {
    let ref = yearsBack(today, j);
    if (series.freq === 52) {
      const a = ref - (weekday(ref) - weekday(today));
      const other = a + (a > ref ? -7 : 7);
      ref = Math.abs(a - ref) > Math.abs(other - ref) ? other : a;
    }
    const pos = (ref - first) / step;
    if (!Number.isInteger(pos) || pos < 0 || pos >= series.observed.length) return null;
    out.push(pos);
  }
  return out;
}

/**
 * Seasonal block level per position (null = not in the reference set), following R's `blocks`:
 * the windows around the current and reference points get level p; the gaps between reference
 * windows are split into p − 1 nearly equal blocks, the first ones one longer.
 */
export function seasonalBlocks(
  length: number,
  refs: readonly number[],
  w: number,
  p: number
): (number | null)[] | null {
  const levels: (number | null)[] = new Array<number | null>(length).fill(null);
  const set = (from: number, to: number, level: number): boolean => {
    if (from < 0 || to >= length) return false;
    for (let i = from; i <= to; i++) levels[i] = level;
    return true;
  };
  const now = refs[0] ?? 0;
  if (!set(now - w, now, p)) return null;
  for (let i = 1; i < refs.length; i++) {
    const refWeek = refs[i] ?? 0;
    if (!set(refWeek - w, refWeek + w, p)) return null;
    if (p === 1) continue;
    const period = (refs[i - 1] ?? 0) - 2 * w - 1 - refWeek;
    if (period < p - 1) return null;
    const base = Math.floor(period / (p - 1));
    const rest = period % (p - 1);
    let start = refWeek + w + 1;
    for (let j = 1; j < p; j++) {
      const len = base + (j <= rest ? 1 : 0);
      set(start, start + len - 1, j);
      start += len;
    }
  }
  return levels;
}
