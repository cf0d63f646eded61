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

/**
 * A decimal number, optionally written with thousands separators, optionally followed by a
 * multiplier (万, 亿, 万亿) that readNumber applies: `8.43万` is 84 300, `4500亿` 450 000 000 000.
 */
export const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万亿|亿|万)?`;

const MULTIPLIERS: Record<string, number> = { 万: 1e4, 亿: 1e8, 万亿: 1e12 };

/** Read the captures of NUMBER into a JS number. */
export function readNumber(digits: string, multiplier?: string): number {
  const n = Number(digits.replace(/,/g, ''));
  const m = multiplier ? (MULTIPLIERS[multiplier] ?? 1) : 1;
  return m === 1 ? n : Math.round(n * m * 1e6) / 1e6;
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
  ['大于', 'gt'],
  ['高于', 'gt'],
  ['超过', 'gt'],
  ['多于', 'gt'],
  ['逾', 'gt'],
  ['低于', 'lt'],
  ['小于', 'lt'],
  ['少于', 'lt'],
  ['≥', 'ge'],
  ['≤', 'le'],
  ['>', 'gt'],
  ['<', 'lt'],
  ['=', 'eq'],
];

/**
 * A verb of change followed by 到/至/在 and the level to reach: the level is a floor when the verb
 * goes up (提高到 25%: at least 25 %) and a ceiling when it goes down (降至 9.3%, 控制在 5% 以下).
 */
export const VERB_OPERATORS: [string, Comparator][] = [
  ...['提高', '提升', '增加', '增长', '上升', '扩大'].flatMap((v): [string, Comparator][] => [
    [`${v}到`, 'ge'],
    [`${v}至`, 'ge'],
  ]),
  ['增至', 'ge'],
  ['升至', 'ge'],
  ['升到', 'ge'],
  ...['降低', '下降', '减少', '缩短', '缩小', '压缩', '控制'].flatMap((v): [string, Comparator][] => [
    [`${v}到`, 'le'],
    [`${v}至`, 'le'],
  ]),
  ['控制在', 'le'],
  ['降至', 'le'],
  ['降到', 'le'],
  ['减至', 'le'],
  ['减到', 'le'],
];

/**
 * Words of resolve and scope that state how firmly or how widely, not what: 要, 应, 力争, 确保,
 * 争取, 努力, 均, 分别. Dropped from the front; the target reads the same without them.
 */
export const MODAL_WORDS = [
  '力争',
  '确保',
  '争取',
  '努力',
  '应当',
  '必须',
  '预计',
  '全部',
  '进一步',
  '继续',
  '累计',
  '分别',
  '应',
  '要',
  '须',
  '均',
  '再',
  '将',
];

/**
 * Verbs that carry no comparison of their own (reach, keep at, be, build, have) and are dropped
 * before a number; longest first so that 达到 wins over 达.
 */
export const FILLER_VERBS = [
  '调整为',
  '调整到',
  '稳定在',
  '保持在',
  '维持在',
  '达到',
  '建成',
  '建设',
  '设置',
  '开通',
  '配备',
  '拥有',
  '保持',
  '维持',
  '实现',
  '达',
  '为',
  '在',
  '有',
  '到',
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

export const INCREASE_WORDS = ['增长', '提高', '增加', '上升', '提升', '升高', '扩大'];
export const DECREASE_WORDS = ['降低', '下降', '减少', '减低', '缩小', '减缓'];

/** One-character verbs plans use in tight cells: 每年降 0.5%, 年均增 5%. */
const SHORT_INCREASE = ['增', '升'];
const SHORT_DECREASE = ['降', '减'];

/** Words that make a qualitative target point down without being a verb of change. */
export const SLOWING_WORDS = ['放缓', '遏制'];

/** Direction of a change verb, or null. */
export function directionOfVerb(verb: string): Direction | null {
  if (INCREASE_WORDS.includes(verb) || SHORT_INCREASE.includes(verb)) return 'increase';
  if (DECREASE_WORDS.includes(verb) || SHORT_DECREASE.includes(verb)) return 'decrease';
  return null;
}

/** Regex alternation of all change verbs, two-character verbs before the one-character ones. */
export const CHANGE_VERB = `(${[...INCREASE_WORDS, ...DECREASE_WORDS, ...SHORT_INCREASE, ...SHORT_DECREASE].join('|')})`;

/** Years at the end of the five-year periods plans name as reference points (比“十三五”末). */
export const PERIOD_END_YEAR: Record<string, number> = {
  十一五: 2010,
  十二五: 2015,
  十三五: 2020,
  十四五: 2025,
  十五五: 2030,
};

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
