/**
 * Render a typed target back to words, in Chinese (the plans' own notation, so that parsing the
 * output gives the same target) or in English.
 */
import type { ChangeBound, Comparator, Target } from './types';

export type Lang = 'zh' | 'en';

const ZH_OP: Record<Comparator, string> = { ge: '≥', gt: '>', le: '≤', lt: '<', eq: '=' };
const EN_OP: Record<Comparator, string> = {
  ge: 'at least',
  gt: 'more than',
  le: 'at most',
  lt: 'less than',
  eq: 'equal to',
};
const EN_UNIT: Record<string, string> = {
  岁: ' years',
  年: ' years',
  张: ' beds',
  人: ' persons',
  名: ' persons',
  个: '',
  家: ' institutions',
  所: ' institutions',
  项: ' items',
  天: ' days',
  '1/10万': ' per 100,000',
  个百分点: ' percentage points',
  平方米: ' m²',
  分钟: ' minutes',
  小时: ' hours',
};

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}

/** Chinese numbers of 亿 and above keep their multiplier (`4500亿`), as plans write them. */
function zhNum(n: number): string {
  for (const [m, word] of [
    [1e12, '万亿'],
    [1e8, '亿'],
  ] as const) {
    if (Math.abs(n) < m) continue;
    const scaled = n / m;
    if (Math.abs(scaled * 1e4 - Math.round(scaled * 1e4)) < 1e-6) return `${num(scaled)}${word}`;
  }
  return num(n);
}

/** The Chinese word after a change's amount for its bound. */
const ZH_BOUND: Record<ChangeBound, string> = { atLeast: '以上', atMost: '以下', about: '左右' };
const EN_BOUND: Record<ChangeBound, string> = { atLeast: 'at least', atMost: 'at most', about: 'about' };

function zhUnit(unit: string | undefined): string {
  if (!unit) return '';
  if (/^[A-Za-z]/.test(unit)) return ` ${unit}`;
  return unit === '1/10万' ? '/10万' : unit;
}

function enUnit(unit: string | undefined): string {
  if (!unit) return '';
  if (unit === '%' || unit === '‰') return unit;
  return EN_UNIT[unit] ?? ` ${unit}`;
}

function zhAmount(amount: number, mode: string, unit: string | undefined): string {
  if (mode === 'percent') return `${num(amount)}%`;
  if (mode === 'points') return `${num(amount)}个百分点`;
  return `${zhNum(amount)}${zhUnit(unit)}`;
}

function enAmount(amount: number, mode: string, unit: string | undefined): string {
  if (mode === 'percent') return `${num(amount)}%`;
  if (mode === 'points') return `${num(amount)} percentage points`;
  return `${num(amount)}${enUnit(unit)}`;
}

function zh(t: Target): string {
  const u = zhUnit(t.unit);
  switch (t.kind) {
    case 'comparison':
      return `${ZH_OP[t.op]}${zhNum(t.value)}${u}`;
    case 'value':
      return `${zhNum(t.value)}${u}`;
    case 'range':
      return `${zhNum(t.min)}—${zhNum(t.max)}${u}`;
    case 'approx':
      return `${zhNum(t.value)}${u}左右`;
    case 'change': {
      const verb = t.direction === 'increase' ? '增长' : '降低';
      const from = t.from.type === 'year' ? `比${t.from.year}年` : '';
      const bound = t.bound === 'atLeast' ? '' : ZH_BOUND[t.bound];
      return `${from}${verb}${zhAmount(t.amount, t.mode, t.unit)}${bound}`;
    }
    case 'annualChange': {
      const verb = t.direction === 'increase' ? '提高' : '降低';
      return `每年${verb}${zhAmount(t.amount, t.mode, t.unit)}${ZH_BOUND[t.bound]}`;
    }
    case 'increment':
      return `新增${ZH_OP[t.op]}${zhNum(t.value)}${u}`;
    case 'ratio':
      return `${t.op ? ZH_OP[t.op] : ''}${num(t.left)}:${num(t.right)}`;
    case 'coverage':
      return '全覆盖';
    case 'level':
      // A bare 三级 reads as an EMR level unless it names a hospital.
      return `${ZH_OP[t.op]}${t.level}${t.scheme === 'hospital-grade' && /级$/.test(t.level) ? '医院' : ''}`;
    case 'qualitative':
      return t.raw.trim();
  }
}

function en(t: Target): string {
  const u = enUnit(t.unit);
  switch (t.kind) {
    case 'comparison':
      return `${EN_OP[t.op]} ${num(t.value)}${u}`;
    case 'value':
      return `${num(t.value)}${u}`;
    case 'range':
      return `${num(t.min)} to ${num(t.max)}${u}`;
    case 'approx':
      return `about ${num(t.value)}${u}`;
    case 'change': {
      const from = t.from.type === 'year' ? `from the ${t.from.year} value` : 'from the baseline';
      return `${t.direction} of ${EN_BOUND[t.bound]} ${enAmount(t.amount, t.mode, t.unit)} ${from}`;
    }
    case 'annualChange':
      return `${t.direction} by ${EN_BOUND[t.bound]} ${enAmount(t.amount, t.mode, t.unit)} every year`;
    case 'increment':
      return `${EN_OP[t.op]} ${num(t.value)}${u} added`;
    case 'ratio':
      return `${t.op ? `${EN_OP[t.op]} ` : ''}${num(t.left)}:${num(t.right)}`;
    case 'coverage':
      return 'full coverage';
    case 'level':
      return `${EN_OP[t.op]} grade ${t.level}`;
    case 'qualitative': {
      const dir = t.direction ? t.direction : 'qualitative';
      const rel = t.relativeTo ? `, relative to ${t.relativeTo}` : '';
      return `${dir}${rel} (as written: ${t.raw.trim()})`;
    }
  }
}

/**
 * Render a target in Chinese or English.
 * @param target - a parsed target
 * @param lang - `zh` (default; parseable back to the same target) or `en`
 */
export function formatTarget(target: Target, lang: Lang = 'zh'): string {
  const body = lang === 'zh' ? zh(target) : en(target);
  if (!target.per) return body;
  return lang === 'zh' ? `${body} per ${target.per}` : `${body} per ${target.per}`;
}
