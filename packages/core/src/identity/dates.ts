/** Calendar helpers for eight-digit dates (YYYYMMDD), without the Date object's time zones. */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** True when YYYYMMDD names a day of the Gregorian calendar. */
export function isCalendarDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return false;
  const max = m === 2 && isLeapYear(y) ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0);
  return d <= max;
}

/** YYYYMMDD → YYYY-MM-DD. */
export function isoDate(yyyymmdd: string): string {
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/**
 * Reads a birth date as people write it — 1985-03-12, 19850312, 1985/3/12, 1985.03.12,
 * 1985年3月12日 — into eight digits. Returns null for anything else. The digits are kept even when
 * they do not form a real date (19851302), because a typo is still evidence for matching.
 */
export function birthDateDigits(text: string): string | null {
  const t = text.normalize('NFKC').trim();
  if (/^\d{8}$/.test(t)) return t;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t);
  if (!m) return null;
  return `${m[1]}${(m[2] ?? '').padStart(2, '0')}${(m[3] ?? '').padStart(2, '0')}`;
}
