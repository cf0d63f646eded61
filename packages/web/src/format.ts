/**
 * The one way the app writes dates, times, units and lists. Every time on screen is
 * `YYYY-MM-DD HH:mm` in the bureau's time zone (Asia/Shanghai unless the build sets
 * VITE_WEIJIAN_TIME_ZONE), whatever the browser's own zone and locale are, so that a time in a case
 * report reads the same on every screen and in every report.
 */

/** The time zone times are shown in. */
export const TIME_ZONE: string =
  (import.meta.env.VITE_WEIJIAN_TIME_ZONE as string | undefined) ?? 'Asia/Shanghai';

const partsFormat = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsFormat.set(timeZone, f);
  }
  return f;
}

/**
 * A moment as `YYYY-MM-DD HH:mm` in the given time zone (default: the app's).
 * @returns `—` for a missing or unreadable value
 */
export function formatDateTime(value: string | Date | null | undefined, timeZone = TIME_ZONE): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '—';
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(d)
      .map((x) => [x.type, x.value])
  );
  return `${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''} ${p.hour ?? ''}:${p.minute ?? ''}`;
}

/** Today's date (`YYYY-MM-DD`) in the app's time zone. */
export function todayIn(timeZone = TIME_ZONE, now: Date = new Date()): string {
  return formatDateTime(now, timeZone).slice(0, 10);
}

/**
 * Catalogue units in English. The catalogue writes its units in Chinese (岁, 张, 1/10万); an
 * English screen shows these words instead. A plan's own words (its row units) are quoted as written.
 */
const EN_UNITS: Record<string, string> = {
  岁: 'years',
  年: 'years',
  张: 'beds',
  人: 'persons',
  名: 'persons',
  万人: '10,000 persons',
  个: 'places',
  家: 'institutions',
  所: 'institutions',
  项: 'items',
  天: 'days',
  小时: 'hours',
  分钟: 'minutes',
  '1/10万': 'per 100,000',
  平方米: 'm²',
  亿元: '100 million yuan',
  万元: '10,000 yuan',
  元: 'yuan',
};

/** A catalogue unit in the screen's language. */
export function unitLabel(unit: string | null | undefined, lang: string): string {
  if (!unit) return '';
  return lang.startsWith('en') ? (EN_UNITS[unit] ?? unit) : unit;
}

/** A unit in brackets after a name: `婴儿死亡率（‰）` in Chinese, `Infant mortality rate (‰)` in English. */
export function withUnit(name: string, unit: string | null | undefined, lang: string): string {
  const u = unitLabel(unit, lang);
  if (!u) return name;
  return lang.startsWith('en') ? `${name} (${u})` : `${name}（${u}）`;
}

/** Join list items with the language's separator: `、` in Chinese, `, ` in English. */
export function joinList(items: readonly string[], lang: string): string {
  return items.join(lang.startsWith('en') ? ', ' : '、');
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/**
 * A probability: fixed decimals, or `2.1×10⁻⁷` when it is too small for them (never `2.1e-7`).
 * Zero from the computation means below double precision and reads `< 10⁻¹⁵`.
 */
export function formatProbability(p: number | null | undefined, digits = 4): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p === 0) return '< 10⁻¹⁵';
  if (Math.abs(p) >= 10 ** -digits) return p.toFixed(digits);
  const [mantissa = '', exponent = ''] = p.toExponential(1).split('e');
  const sup = String(Number(exponent)).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c] ?? c);
  return `${mantissa}×10${sup}`;
}

/**
 * A count or sum that goes into an indicator (births, beds, population): grouped thousands, at most
 * two decimals (an averaged stock can be fractional). An indicator's own value is shown with
 * `formatValue(n, decimals)` from the core at the indicator's decimals instead.
 */
export function formatAmount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'];
const CLASS: Record<string, string> = { 甲: 'A', 乙: 'B', 丙: 'C' };

/**
 * A grade in English: hospital grades as Grade III-A (三级甲等, 三甲), EMR and interoperability
 * levels as level 5 (五级) and level 4-A (四甲), letter grades as grade C (C级). The core writes the
 * Chinese grade into its English text.
 */
export function gradeEn(level: string, scheme: string): string {
  const letter = /^([A-D])\s*级$/.exec(level.trim());
  if (letter) return `grade ${letter[1] ?? ''}`;
  const m = /^([一二三四五六七八九\d])\s*级?\s*([甲乙丙])?等?$/.exec(level.trim());
  if (!m) return level;
  const n = NUMERALS[m[1] ?? ''] ?? Number(m[1]);
  const cls = m[2] ? CLASS[m[2]] : undefined;
  if (scheme === 'hospital-grade') return `Grade ${ROMAN[n] ?? String(n)}${cls ? `-${cls}` : ''}`;
  return `level ${n}${cls ? `-${cls}` : ''}`;
}
