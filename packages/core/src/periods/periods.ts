/**
 * Periods as identifiers, DHIS2-style: `2024` (year), `2024Q1` (quarter), `202403` (month), and
 * the plan-period range `2021-2025`. Every value is stored at its native period; analytics asks
 * which native periods make up a requested one.
 */
import { AppError } from '../errors';

export type PeriodType = 'month' | 'quarter' | 'year';
export type AnyPeriodType = PeriodType | 'range';

export interface Period {
  id: string;
  type: AnyPeriodType;
  /** First day, ISO date. */
  start: string;
  /** Last day, ISO date. */
  end: string;
  startYear: number;
  endYear: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

function invalid(id: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    {
      zh: `期间格式无效：“${id}”（应为 2024、2024Q1、202403 或 2021-2025）`,
      en: `Invalid period "${id}" (use 2024, 2024Q1, 202403 or 2021-2025)`,
    },
    [{ field: 'period', value: id, message: { zh: '期间格式无效', en: 'Invalid period' } }]
  );
}

/**
 * Parse a period identifier.
 * @throws AppError VALIDATION_FAILED for anything else
 */
export function parsePeriod(id: string): Period {
  const s = id.trim();
  // Years outside 1900–2100 are typing errors, and year 0 is no date PostgreSQL accepts.
  const years = (/^\d{4}/.exec(s)?.[0] ?? '') + (/-(\d{4})$/.exec(s)?.[1] ?? '');
  for (let i = 0; i < years.length; i += 4) {
    const y = Number(years.slice(i, i + 4));
    if (y < 1900 || y > 2100) throw invalid(id);
  }
  let m = /^(\d{4})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    return { id: s, type: 'year', start: `${y}-01-01`, end: `${y}-12-31`, startYear: y, endYear: y };
  }
  m = /^(\d{4})Q([1-4])$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    const m0 = (q - 1) * 3 + 1;
    return {
      id: s,
      type: 'quarter',
      start: `${y}-${pad(m0)}-01`,
      end: `${y}-${pad(m0 + 2)}-${pad(lastDay(y, m0 + 2))}`,
      startYear: y,
      endYear: y,
    };
  }
  m = /^(\d{4})(0[1-9]|1[0-2])$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return {
      id: s,
      type: 'month',
      start: `${y}-${pad(mo)}-01`,
      end: `${y}-${pad(mo)}-${pad(lastDay(y, mo))}`,
      startYear: y,
      endYear: y,
    };
  }
  m = /^(\d{4})-(\d{4})$/.exec(s);
  if (m && Number(m[1]) <= Number(m[2])) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    return { id: s, type: 'range', start: `${a}-01-01`, end: `${b}-12-31`, startYear: a, endYear: b };
  }
  throw invalid(id);
}

/** Whether a string is a valid period of exactly the given type. */
export function isPeriodOfType(id: string, type: PeriodType): boolean {
  try {
    return parsePeriod(id).type === type;
  } catch {
    return false;
  }
}

/** The period of `type` that contains a date (ISO). */
export function periodOf(date: string, type: PeriodType): string {
  const y = date.slice(0, 4);
  const mo = Number(date.slice(5, 7));
  if (type === 'year') return y;
  if (type === 'quarter') return `${y}Q${Math.ceil(mo / 3)}`;
  return `${y}${pad(mo)}`;
}

/**
 * The native periods of `type` that make up `period`, in order. A month inside a yearly element
 * resolves to that year: a yearly denominator (population) serves every month of its year.
 */
export function nativePeriods(period: Period, type: PeriodType): string[] {
  const out: string[] = [];
  if (type === 'year') {
    for (let y = period.startYear; y <= period.endYear; y++) out.push(String(y));
    return out;
  }
  const [sy, sm] = [Number(period.start.slice(0, 4)), Number(period.start.slice(5, 7))];
  const [ey, em] = [Number(period.end.slice(0, 4)), Number(period.end.slice(5, 7))];
  for (let y = sy; y <= ey; y++) {
    for (let mo = y === sy ? sm : 1; mo <= (y === ey ? em : 12); mo++) {
      const id = type === 'month' ? `${y}${pad(mo)}` : `${y}Q${Math.ceil(mo / 3)}`;
      if (out.at(-1) !== id) out.push(id);
    }
  }
  return out;
}
