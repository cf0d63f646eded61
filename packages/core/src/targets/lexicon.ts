/**
 * Character normalisation, numbers, units and the words Chinese plans use for comparisons and
 * directions. Kept apart from the grammar so both parse.ts and format.ts share one vocabulary.
 */
import type { Comparator, Direction } from './types';

const FULL_WIDTH: Record<string, string> = {
  '％': '%',
  '＞': '>',
  '＜': '<',
  '＝': '=',
  '：': ':',
  '∶': ':',
  '．': '.',
  '＋': '+',
  '（': '(',
  '）': ')',
  '～': '~',
  '〜': '~',
  '≧': '≥',
  '≦': '≤',
  '，': ',',
  '；': ';',
  '－': '-',
  '–': '—',
  '―': '—',
  '‑': '-',
  '\u00a0': ' ',
  '\u3000': ' ',
};

/** Map full-width digits and punctuation to their ASCII forms and collapse whitespace. */
export function normaliseText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 48);
    else out += FULL_WIDTH[ch] ?? ch;
  }
  return out.replace(/>=/g, '≥').replace(/<=/g, '≤').replace(/\s+/g, ' ').trim();
}

/** A decimal number, optionally written with thousands separators, optionally followed by 万. */
export const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万)?`;

/** Read the captures of NUMBER into a JS number. */
export function readNumber(digits: string, wan?: string): number {
  const n = Number(digits.replace(/,/g, ''));
  return wan ? Math.round(n * 10000 * 1e6) / 1e6 : n;
}

const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Read a small Chinese numeral (零 … 九十九); null when it is not one. */
export function readChineseNumeral(text: string): number | null {
  if (!/^[零一二两三四五六七八九十]+$/.test(text)) return null;
  if (text === '十') return 10;
  const ten = text.indexOf('十');
  if (ten < 0) return text.length === 1 ? (CHINESE_DIGITS[text] ?? null) : null;
  const tens = ten === 0 ? 1 : (CHINESE_DIGITS[text.slice(0, ten)] ?? NaN);
  const ones = ten === text.length - 1 ? 0 : (CHINESE_DIGITS[text.slice(ten + 1)] ?? NaN);
  const n = tens * 10 + ones;
  return Number.isNaN(n) ? null : n;
}

/** Comparison words written before the number, longest first so that 不低于 wins over 低于. */
export const PREFIX_OPERATORS: [string, Comparator][] = [
  ['不低于', 'ge'],
  ['不少于', 'ge'],
  ['不小于', 'ge'],
  ['至少', 'ge'],
  ['不超过', 'le'],
  ['不高于', 'le'],
  ['不大于', 'le'],
  ['不多于', 'le'],
  ['控制在', 'le'],
  ['降至', 'le'],
  ['降到', 'le'],
  ['下降到', 'le'],
  ['下降至', 'le'],
  ['大于', 'gt'],
  ['高于', 'gt'],
  ['超过', 'gt'],
  ['多于', 'gt'],
  ['低于', 'lt'],
  ['小于', 'lt'],
  ['少于', 'lt'],
  ['≥', 'ge'],
  ['≤', 'le'],
  ['>', 'gt'],
  ['<', 'lt'],
  ['=', 'eq'],
];

/** Comparison words written after the number. By Chinese legal usage 以上/以下/以内 include it. */
export const SUFFIX_OPERATORS: [string, Comparator][] = [
  ['及以上', 'ge'],
  ['或以上', 'ge'],
  ['以上', 'ge'],
  ['及以下', 'le'],
  ['以下', 'le'],
  ['以内', 'le'],
  ['之内', 'le'],
];

/** Verbs that carry no comparison of their own and are dropped before a number. */
export const FILLER_VERBS = [
  '力争',
  '达到',
  '建成',
  '提高到',
  '提高至',
  '提升到',
  '提升至',
  '增加到',
  '增加至',
  '增至',
  '稳定在',
  '保持在',
  '维持在',
  '保持',
  '到',
];

export const INCREASE_WORDS = ['增长', '提高', '增加', '上升', '提升', '升高', '扩大'];
export const DECREASE_WORDS = ['降低', '下降', '减少', '减低', '缩小', '减缓'];

/** Direction of a change verb, or null. */
export function directionOfVerb(verb: string): Direction | null {
  if (INCREASE_WORDS.includes(verb)) return 'increase';
  if (DECREASE_WORDS.includes(verb)) return 'decrease';
  return null;
}

/** Regex alternation of all change verbs. */
export const CHANGE_VERB = `(${[...INCREASE_WORDS, ...DECREASE_WORDS].join('|')})`;

/**
 * Normalise a unit as written: the many spellings of "per 100,000" become 1/10万; full-width
 * percent becomes %. Other units (岁, 张, 人, 个 …) are kept as written.
 */
export function normaliseUnit(unit: string | undefined): string | undefined {
  if (unit === undefined) return undefined;
  const u = unit.trim();
  if (u === '') return undefined;
  if (/^(?:1|名|人)?\/\s*(?:10\s*万|十万)(?:人口)?$/.test(u)) {
    return '1/10万';
  }
  if (/^per 100,?000$/i.test(u)) return '1/10万';
  return u;
}

/** Spellings of "per 100,000" that may sit between a number and the rest of the text. */
export const PER_100K = /(?:\s*(?:名|人)?\s*(?:(?<!\d)1)?\/\s*(?:10\s*万|十万)(?:人口)?|\s+per 100,?000)/g;
