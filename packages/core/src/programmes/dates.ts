/**
 * Calendar arithmetic on ISO dates (`2024-06-01`) for programme rules. Dates are civil dates
 * without a time zone: a follow-up happens on a day, and ages and intervals count days. All
 * arithmetic goes through UTC so the host's time zone can never shift a date.
 */

/** A span of calendar time; parts may be negative. Months and years clamp to the month's end. */
export interface DateSpan {
  years?: number;
  months?: number;
  weeks?: number;
  days?: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date in ISO form (2024-02-30 is not). */
export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Day number since 1970-01-01 (UTC). */
export function dayNumber(date: string): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** The date `n` days after (or before, when negative) `date`. */
export function addDays(date: string, n: number): string {
  return fromUtc((dayNumber(date) + n) * 86_400_000);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** `date` moved by a span: years and months first (clamped to the month's last day), then days. */
export function addSpan(date: string, span: DateSpan): string {
  const [y, m, d] = parts(date);
  const totalMonths = y * 12 + (m - 1) + (span.years ?? 0) * 12 + (span.months ?? 0);
  const ny = Math.floor(totalMonths / 12);
  const nm = totalMonths - ny * 12 + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  const moved = `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
  return addDays(moved, (span.weeks ?? 0) * 7 + (span.days ?? 0));
}

/**
 * Age in completed years on `at` (周岁). A birthday on 29 February is reached on 1 March in a
 * common year, as the birthday has not yet come on 28 February.
 */
export function ageInYears(birth: string, at: string): number {
  const [by, bm, bd] = parts(birth);
  const [ay, am, ad] = parts(at);
  const before = am < bm || (am === bm && ad < bd);
  return ay - by - (before ? 1 : 0);
}

/** Age in completed months on `at` (a month is completed on the same day-of-month). */
export function ageInMonths(birth: string, at: string): number {
  const [by, bm, bd] = parts(birth);
  const [ay, am, ad] = parts(at);
  return (ay - by) * 12 + (am - bm) - (ad < bd ? 1 : 0);
}

/** First and last day of a year. */
export function yearBounds(year: number): [string, string] {
  const y = String(year).padStart(4, '0');
  return [`${y}-01-01`, `${y}-12-31`];
}

/** The later of two dates. */
export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** The earlier of two dates. */
export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/** The year of an ISO date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** The month (1–12) of an ISO date. */
export function monthOf(date: string): number {
  return Number(date.slice(5, 7));
}
