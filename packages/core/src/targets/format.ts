/**
 * Render a typed target back to words, in Chinese (the plans' own notation, so that parsing the
 * output gives the same target) or in English.
 */
import type { Comparator, Target } from './types';

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
  return `${num(amount)}${zhUnit(unit)}`;
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
      return `${ZH_OP[t.op]}${num(t.value)}${u}`;
    case 'value':
      return `${num(t.value)}${u}`;
    case 'range':
      return `${num(t.min)}—${num(t.max)}${u}`;
    case 'approx':
      return `${num(t.value)}${u}左右`;
    case 'change': {
      const verb = t.direction === 'increase' ? '增长' : '降低';
      const from = t.from.type === 'year' ? `比${t.from.year}年` : '';
      return `${from}${verb}${zhAmount(t.amount, t.mode, t.unit)}${t.bound === 'atMost' ? '以下' : ''}`;
    }
    case 'annualChange': {
      const verb = t.direction === 'increase' ? '提高' : '降低';
      return `每年${verb}${zhAmount(t.amount, t.mode, t.unit)}${t.bound === 'atMost' ? '以下' : '以上'}`;
    }
    case 'increment':
      return `新增${ZH_OP[t.op]}${num(t.value)}${u}`;
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
      const bound = t.bound === 'atMost' ? 'at most' : 'at least';
      return `${t.direction} of ${bound} ${enAmount(t.amount, t.mode, t.unit)} ${from}`;
    }
    case 'annualChange': {
      const bound = t.bound === 'atMost' ? 'at most' : 'at least';
      return `${t.direction} by ${bound} ${enAmount(t.amount, t.mode, t.unit)} every year`;
    }
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
