/** Which period the reporting page opens on, and the year/month/quarter pickers of a period id. */
import type { PeriodType } from '@weijian/core';

const pad = (n: number): string => String(n).padStart(2, '0');

/** The most recent period that has ended by `today` (ISO day): last month, last quarter, last year. */
export function defaultPeriod(type: PeriodType, today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  if (type === 'year') return String(y - 1);
  if (type === 'quarter') {
    const q = Math.ceil(m / 3) - 1;
    return q === 0 ? `${y - 1}Q4` : `${y}Q${q}`;
  }
  return m === 1 ? `${y - 1}12` : `${y}${pad(m - 1)}`;
}

/** The picks of a period (year and month or quarter) and the period of other picks. */
export function periodOfPicks(
  type: PeriodType,
  period: string
): { kind: PeriodType; sub: number; with: (year: number, sub: number | undefined) => string } {
  const sub =
    type === 'month'
      ? Number(period.slice(4, 6)) || 1
      : type === 'quarter'
        ? Number(period.slice(5, 6)) || 1
        : 1;
  return {
    kind: type,
    sub,
    with: (year, s) => {
      const v = s ?? sub;
      if (type === 'year') return String(year);
      return type === 'quarter' ? `${year}Q${v}` : `${year}${pad(v)}`;
    },
  };
}
